package ai.flo.interviewer.hiring;

import ai.flo.interviewer.shared.Erasure;

/**
 * Published (in the deleting transaction) before a job record is deleted: every module
 * deletes what it holds for the record (its interviews and their sessions, analyses made
 * for it) and says so in {@code erasure}.
 */
public record RecordErasing(String recordId, Erasure erasure) {
}
