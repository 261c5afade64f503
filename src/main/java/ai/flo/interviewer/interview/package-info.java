/** Interviews, access codes, sessions and their lifecycle. */
package ai.flo.interviewer.interview;
