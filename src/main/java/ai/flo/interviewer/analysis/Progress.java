package ai.flo.interviewer.analysis;

/** Where a running stage is: what it does and how far along the whole analysis is. */
@FunctionalInterface
interface Progress {

	void report(String what, int percent);

}
