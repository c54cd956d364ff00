export { decideSubjectAccess, evolveSubjectAccess, stampSubjectAccessEvents, subjectAccessDueAt } from './subject-access';
export type { SubjectAccessCommand, SubjectAccessRequestState } from './subject-access';
