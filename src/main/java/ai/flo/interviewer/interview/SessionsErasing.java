package ai.flo.interviewer.interview;

import java.util.List;

import ai.flo.interviewer.shared.Erasure;

/**
 * Published (in the deleting transaction) before sessions are deleted: every module
 * deletes what it holds for them (their analyses, their voice turns...) and says so in
 * {@code erasure}.
 */
public record SessionsErasing(List<String> sessionIds, Erasure erasure) {
}
