/**
 * What the knowledge feature offers other screens: the intake panel, the safe article body, the ticket page's
 * "propose as article" button, its client.
 */
export { KnowledgePanel } from './KnowledgePanel';
export { ArticleBody } from './ArticleBody';
export { ProposeButton } from './ProposeButton';
export { knowledgeApi } from './knowledge-api';
export type { TemplateKind, TemplateView } from './knowledge-api';
export { useKnowledgeT } from './knowledge-i18n';
