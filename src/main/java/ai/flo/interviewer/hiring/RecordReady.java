package ai.flo.interviewer.hiring;

/**
 * Published (in the transaction that stores them) when a record's skills are extracted.
 */
public record RecordReady(String recordId, String title, int skills) {
}
