export * from './catalogue';
export * from './waiting-list';
export * from './vacancies';
export { INITIAL_CATALOGUE } from './initial-catalogue';
