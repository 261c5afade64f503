package ai.flo.interviewer.interview;

/**
 * What the front end reports, and what each occurrence costs the integrity score (points
 * per event, and the most one kind can take). A score starts at 100; it describes
 * behaviour to look at, it proves nothing on its own.
 */
enum ProctoringType {

	TAB_HIDDEN(3, 30), WINDOW_BLUR(2, 20), PASTE(5, 25), COPY(1, 5), FACE_MISSING(4, 30), MULTIPLE_FACES(10, 30),
	FULLSCREEN_EXIT(2, 10), DEVTOOLS_OPEN(10, 20), NOISE(1, 10);

	final int points;

	final int cap;

	ProctoringType(int points, int cap) {
		this.points = points;
		this.cap = cap;
	}

}
