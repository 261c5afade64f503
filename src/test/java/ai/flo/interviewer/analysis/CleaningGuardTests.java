package ai.flo.interviewer.analysis;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.flo.interviewer.analysis.CleaningGuard.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cleaned line is kept only when it says the same words as the verbatim line:
 * punctuation, casing, fillers and repeated words may change, nothing else.
 */
class CleaningGuardTests {

	private static final List<String> FILLERS = List.of("um", "umm", "uh", "er", "you know", "i mean", "sort of");

	private final CleaningGuard guard = new CleaningGuard(FILLERS);

	@ParameterizedTest(name = "accepted: \"{0}\" -> \"{1}\"")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			um so I built the the payment service       | So I built the payment service.
			i I I think we we had three replicas         | I think we had three replicas.
			SEGMENT one                                  | Segment one.
			we had, you know, a queue and uh retries     | We had a queue and retries.
			it's idempotent                              | It’s idempotent.
			we had we had a cache                        | We had a cache.
			Kafka, uh, Kafka streams                     | Kafka streams
			""")
	void punctuationCasingFillersAndRepeatedWordsMayChange(String verbatim, String cleaned) {
		CleaningGuard.Decision decision = this.guard.check(verbatim, cleaned);

		assertThat(decision.verdict()).isEqualTo(Verdict.ACCEPTED);
		assertThat(decision.reason()).isNull();
	}

	@ParameterizedTest(name = "rejected: \"{0}\" -> \"{1}\"")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					SEGMENT two.                                 | scripted                                 | changes the words: adds “scripted”; drops “segment two”
					we used cooper netties                       | We used Kubernetes.                      | changes the words: adds “kubernetes”; drops “cooper netties”
					I built the service                          | I built the service alone.               | changes the words: adds “alone”
					I did not write tests                        | I did write tests.                       | changes the words: drops “not”
					we had two replicas                          | We had 2 replicas.                       | changes the words: adds “2”; drops “two”
					the cache was slow not the database          | The database was slow, not the cache.    | changes the order of the words
					""")
	void anAddedChangedDroppedOrMovedWordRejectsTheLineWithTheWords(String verbatim, String cleaned, String reason) {
		CleaningGuard.Decision decision = this.guard.check(verbatim, cleaned);

		assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
		assertThat(decision.reason()).isEqualTo(reason);
	}

	@Test
	void aFillerWordIsOnlyAFillerAsAWholeWordOrPhrase() {
		// "umbrella" is not "um"; "I mean it" may lose "I mean" (a filler phrase), but
		// "mean" alone is a word.
		assertThat(this.guard.check("the umbrella policy", "The brella policy.").verdict()).isEqualTo(Verdict.REJECTED);
		assertThat(this.guard.check("what do you mean", "What do you?").verdict()).isEqualTo(Verdict.REJECTED);
	}

	@Test
	void theSameTextIsUnchanged() {
		assertThat(this.guard.check("We had a cache.", " We had a cache. ").verdict()).isEqualTo(Verdict.UNCHANGED);
	}

	@Test
	void theReadingAidListsAcceptedRejectedAndMissingLinesAndCountsTheRest() {
		List<AnalysisReport.Segment> verbatim = List.of(new AnalysisReport.Segment(0, 0L, 1000L, null, "SEGMENT one."),
				new AnalysisReport.Segment(1, 1000L, 2000L, null, "SEGMENT two."),
				new AnalysisReport.Segment(2, 2000L, 3000L, null, "um I I agree"),
				new AnalysisReport.Segment(3, 3000L, 4000L, null, "Thanks."));

		AnalysisReport.ReadingAid aid = this.guard.readingAid(verbatim,
				Map.of(0, "SEGMENT one.", 1, "scripted", 2, "I agree."));

		assertThat(aid.status()).isEqualTo("DONE");
		assertThat(aid.unchanged()).isEqualTo(1);
		assertThat(aid.rejected()).isEqualTo(1);
		assertThat(aid.accepted()).isEqualTo(1);
		assertThat(aid.missing()).isEqualTo(1);
		assertThat(aid.lines()).containsExactly(
				new AnalysisReport.CleanedLine(1, "REJECTED", "scripted",
						"changes the words: adds “scripted”; drops “segment two”"),
				new AnalysisReport.CleanedLine(2, "ACCEPTED", "I agree.", null),
				new AnalysisReport.CleanedLine(3, "MISSING", null, "the model returned no cleaned text for this line"));
	}

}
