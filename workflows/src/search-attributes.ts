import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed keys of the search attributes the pathway workflow keeps current.
 * Their names must be registered in the namespace: see
 * `PATHWAY_SEARCH_ATTRIBUTES` in @sarp/config (a unit test keeps both lists equal).
 */
export const pathwaySearchAttributeKeys = {
  stage: defineSearchAttributeKey('SarpStage', SearchAttributeType.KEYWORD),
  urgency: defineSearchAttributeKey('SarpUrgency', SearchAttributeType.KEYWORD),
  placementModel: defineSearchAttributeKey('SarpPlacementModel', SearchAttributeType.KEYWORD),
  hasBreach: defineSearchAttributeKey('SarpHasBreach', SearchAttributeType.BOOL),
} as const;
