/** Name parts for demo farmers: common Peruvian given names and surnames. */
export const FEMALE_NAMES = [
  'María', 'Rosa', 'Carmen', 'Juana', 'Luz', 'Elena', 'Marisol', 'Yolanda', 'Gladys', 'Flor',
  'Nelly', 'Ana', 'Teresa', 'Norma', 'Julia', 'Delia', 'Silvia', 'Esther', 'Margarita', 'Lucía',
];
export const MALE_NAMES = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Pedro', 'Víctor', 'Miguel', 'César', 'Alberto',
  'Segundo', 'Wilmer', 'Edwin', 'Hugo', 'Rubén', 'Santos', 'Fernando', 'Eliseo', 'Teodoro', 'Marcelino',
];
export const SURNAMES = [
  'Quispe', 'Huamán', 'Mamani', 'Flores', 'Rojas', 'Sánchez', 'García', 'Chávez', 'Ramos', 'Torres',
  'Mendoza', 'Vásquez', 'Castillo', 'Díaz', 'Cruz', 'Gutiérrez', 'Ccopa', 'Condori', 'Yupanqui', 'Pérez',
  'Campos', 'Romero', 'Soto', 'Huaranga', 'Rivera', 'Salazar', 'Ticona', 'Inga', 'Aquino', 'Poma',
];
