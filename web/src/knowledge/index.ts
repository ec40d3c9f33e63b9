/** What the knowledge feature offers other screens: the intake panel, the safe article body, its client. */
export { KnowledgePanel } from './KnowledgePanel';
export { ArticleBody } from './ArticleBody';
export { knowledgeApi } from './knowledge-api';
export type { TemplateKind, TemplateView } from './knowledge-api';
export { useKnowledgeT } from './knowledge-i18n';
