package ai.flo.interviewer.analysis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fairness check's substitution list: whole words, case kept, possessives, at once.
 */
class CounterfactualTests {

	private final Counterfactual list = Counterfactual.standard();

	@Test
	void theShippedListParsesAndHasAVersion() {
		assertThat(this.list.version()).isEqualTo("1");
		assertThat(this.list.counterfactualName("Priya Sharma")).isEqualTo("Emily Walsh");
		assertThat(this.list.counterfactualName("emily  walsh")).isEqualTo("Kwame Mensah");
	}

	@Test
	void wholeWordsOnlyWithTheirCaseKept() {
		assertThat(this.list.apply("I grew up in India, then moved to Mumbai."))
			.isEqualTo("I grew up in Canada, then moved to Toronto.");
		assertThat(this.list.apply("INDIA and india")).isEqualTo("CANADA and canada");
		// Not inside other words: "Indiana", "shelf", "there".
		assertThat(this.list.apply("Indiana has a shelf there")).isEqualTo("Indiana has a shelf there");
		assertThat(this.list.apply("He said she would come")).isEqualTo("She said he would come");
	}

	@Test
	void swapsHappenAtOnceAndTheLongestTermWins() {
		// Both directions in one text: neither is swapped back.
		assertThat(this.list.apply("From India to Canada")).isEqualTo("From Canada to India");
		assertThat(this.list.apply("I studied at IIT Bombay in New Delhi"))
			.isEqualTo("I studied at University of Toronto in Dublin");
		assertThat(this.list.apply("my first language is Hindi")).isEqualTo("my first language is French");
	}

	@Test
	void possessivesAndAgesAndTheCandidatesName() {
		List<AnalysisReport.Segment> transcript = List.of(
				new AnalysisReport.Segment(0, 0L, 1000L, "interviewer", "Welcome, Priya. Is this Priya's first role?"),
				new AnalysisReport.Segment(1, 1000L, 5000L, "candidate",
						"I am Priya Sharma, I am 52 years old and PRIYA is what my mother calls me. I moved from Lagos."));

		Counterfactual.Swapped swapped = this.list.apply(transcript, "Priya Sharma", "Emily Walsh");

		assertThat(swapped.segments().get(0).text()).isEqualTo("Welcome, Emily. Is this Emily's first role?");
		assertThat(swapped.segments().get(1).text())
			.isEqualTo("I am Emily Walsh, I am 27 years old and EMILY is what my father calls me. I moved from Cork.");
		assertThat(swapped.segments().get(1).speaker()).isEqualTo("candidate");
		assertThat(swapped.segments().get(1).startMs()).isEqualTo(1000L);
		assertThat(swapped.applied()).contains(new Counterfactual.Applied("name", "priya", "Emily", 4),
				new Counterfactual.Applied("name", "sharma", "Walsh", 1),
				new Counterfactual.Applied("pronoun", "mother", "father", 1),
				new Counterfactual.Applied("city", "lagos", "Cork", 1));
		assertThat(swapped.applied()).anySatisfy((a) -> assertThat(a.category()).isEqualTo("age"));
		assertThat(swapped.total()).isEqualTo(8);
		assertThat(this.list.apply("a 29-year-old engineer, aged 45")).isEqualTo("a 54-year-old engineer, aged 20");
		assertThat(this.list.apply("we had 12 years old servers")).isEqualTo("we had 12 years old servers");
	}

	@Test
	void aTermListedTwiceIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Counterfactual.parse("version: 1\nname: A B\nalternate-name: C D\n"
					+ "country: India <-> Canada\ncountry: Canada -> Peru\n"))
			.withMessageContaining("'canada' is in the list twice");
	}

}
