package ai.flo.interviewer.speech;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The pronunciation rules of {@code speech/pronunciations.tsv}. */
class PronunciationsTests {

	final Pronunciations pronunciations = Pronunciations.standard();

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Which API did you design?                       | Which A P I did you design?
			How do you version APIs?                        | How do you version A P Is?
			Do you know SQL?                                | Do you know sequel?
			We ran PostgreSQL on Kubernetes.                | We ran postgres Q L on koo-ber-net-eez.
			It runs on k8s.                                 | It runs on koo-ber-net-eez.
			We moved from Next.js to Node.js.               | We moved from next J S to node J S.
			It returns JSON over OAuth.                     | It returns jason over oh auth.
			Tell me about your CI/CD pipeline.              | Tell me about your C I C D pipeline.
			Have you used GraphQL, nginx or Redis?          | Have you used graph Q L, engine X or reddis?
			The config is YAML with a regex in it.          | The config is yammel with a rej-ex in it.
			A SaaS on AWS or GCP?                           | A sass on A W S or G C P?
			Good UI and UX matter on iOS.                   | Good U I and U X matter on eye O S.
			C#, C++ or .NET?                                | C sharp, C plus plus or dot net?
			We used ASP.NET and MySQL.                      | We used A S P dot net and my sequel.
			Frameworks, e.g. Django, etc.                   | Frameworks, for example jango, et cetera.
			Django, etc. are fine.                          | jango, et cetera are fine.
			""")
	void saysTheListedTerms(String written, String spoken) {
		assertThat(this.pronunciations.apply(written)).isEqualTo(spoken);
	}

	@Test
	void matchesWholeWordsOnly() {
		assertThat(this.pronunciations.apply("A rapid therapist graphically sequels the APIary."))
			.isEqualTo("A rapid therapist graphically sequels the APIary.");
		assertThat(this.pronunciations.apply("my_api and api_v2 and api2 stay"))
			.isEqualTo("my_api and api_v2 and api2 stay");
		assertThat(this.pronunciations.apply("Node.jsx and xNext.js stay")).isEqualTo("Node.jsx and xNext.js stay");
		assertThat(this.pronunciations.apply("(API), \"SQL\" and API's docs"))
			.isEqualTo("(A P I), \"sequel\" and A P I's docs");
	}

	@Test
	void ignoresCaseExceptForTermsThatAreWordsInOtherSpellings() {
		assertThat(this.pronunciations.apply("the api and sql and json")).isEqualTo("the A P I and sequel and jason");
		assertThat(this.pronunciations.apply("AI and ML in QA")).isEqualTo("A I and M L in Q A");
		assertThat(this.pronunciations.apply("Ai, ml of water, a qa")).isEqualTo("Ai, ml of water, a qa");
		assertThat(this.pronunciations.apply("Which OS? Your os")).isEqualTo("Which O S? Your os");
	}

	@Test
	void neverRewritesASpokenForm() {
		// "my sequel" is not turned into anything else, and MySQL is not "My" + "SQL"
		assertThat(this.pronunciations.apply("MySQL and NoSQL and SQLite"))
			.isEqualTo("my sequel and no sequel and sequel light");
	}

	@Test
	void hasAboutFortyRulesOrMore() {
		assertThat(this.pronunciations.size()).isGreaterThanOrEqualTo(40);
	}

}
