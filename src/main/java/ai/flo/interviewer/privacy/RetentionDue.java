package ai.flo.interviewer.privacy;

import java.time.Instant;

import ai.flo.interviewer.shared.Erasure;

/**
 * Published by the daily sweep: every module deletes what it holds that is older than
 * allowed, registers the files with {@code erasure}, and also removes files that belong
 * to nothing any more (interrupted uploads, folders of deleted analyses) older than
 * {@code orphansBefore}.
 *
 * @param mediaBefore recordings and uploaded media from before this go; null: kept
 * @param recordsBefore sessions, transcripts, analyses and reports from before this go;
 * null: kept
 * @param orphansBefore files that belong to nothing and are older than this go
 */
public record RetentionDue(Instant mediaBefore, Instant recordsBefore, Instant orphansBefore, Erasure erasure) {
}
