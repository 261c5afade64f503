package ai.flo.interviewer.speech;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sentences cut from text as it streams in. */
class SentencesTests {

	@Test
	void endsSentencesAtStopsFollowedBySpace() {
		Sentences sentences = new Sentences();

		assertThat(sentences.add("Hello there! How are you")).containsExactly("Hello there!");
		assertThat(sentences.add(" today? I am fine. ")).containsExactly("How are you today?", "I am fine.");
		assertThat(sentences.add("Thanks")).isEmpty();
		assertThat(sentences.flush()).isEqualTo("Thanks");
		assertThat(sentences.flush()).isEmpty();
	}

	@Test
	void waitsForWhatFollowsAStopAtTheEndOfADelta() {
		Sentences sentences = new Sentences();

		assertThat(sentences.add("It takes 3.")).isEmpty();
		assertThat(sentences.add("5 seconds.")).isEmpty();
		assertThat(sentences.add(" Next")).containsExactly("It takes 3.5 seconds.");
	}

	@Test
	void endsSentencesAtLineBreaks() {
		assertThat(new Sentences().add("First point\nSecond point\n\nThird")).containsExactly("First point",
				"Second point");
	}

	@Test
	void keepsAbbreviationsInTheSentence() {
		assertThat(all("Use a framework, e.g. Spring, i.e. something mature. Mr. Smith and Dr. Jones agree. "
				+ "Java vs. Kotlin, apples, pears etc. are fine. The U.S. team met at 5 p.m. today. Done."))
			.containsExactly("Use a framework, e.g. Spring, i.e. something mature.", "Mr. Smith and Dr. Jones agree.",
					"Java vs. Kotlin, apples, pears etc. are fine.", "The U.S. team met at 5 p.m. today.", "Done.");
	}

	@Test
	void keepsNumbersVersionsAndFileNamesInTheSentence() {
		assertThat(all("Version 1.2.3 costs 3.5 dollars. We use Next.js and Node.js daily. Open config.yaml now."))
			.containsExactly("Version 1.2.3 costs 3.5 dollars.", "We use Next.js and Node.js daily.",
					"Open config.yaml now.");
	}

	@Test
	void keepsListNumbersWithTheirItem() {
		assertThat(all("Two things:\n1. Testing first.\n2. Then the code.\nI have 2. Right?"))
			.containsExactly("Two things:", "1. Testing first.", "2. Then the code.", "I have 2.", "Right?");
	}

	@Test
	void keepsClosingQuotesAndBracketsWithTheSentence() {
		assertThat(all("He said \"it works.\" Then (after a while.) it broke?! Really..."))
			.containsExactly("He said \"it works.\"", "Then (after a while.)", "it broke?!", "Really...");
	}

	@Test
	void cutsALongRunAtACommaSoSpeechCanStartEarly() {
		String first = "When you design a service that many teams depend on, with thousands of requests every second and "
				+ "a database that is shared between several products, ";
		String second = "you have to think about how every change you make will be rolled out and rolled back safely "
				+ "without any downtime for the people";
		Sentences sentences = new Sentences();
		List<String> cut = new ArrayList<>();
		for (String word : (first + second).split("(?<= )")) {
			cut.addAll(sentences.add(word));
		}

		assertThat(cut).hasSize(1);
		assertThat(cut.get(0)).isEqualTo(first.strip());
		assertThat(cut.get(0).length()).isLessThanOrEqualTo(Sentences.LONG + 1);
		assertThat(sentences.flush()).isEqualTo(second.strip());
	}

	@Test
	void cutsALongRunWithoutCommasAtASpace() {
		String words = "word ".repeat(60); // 300 characters, no punctuation at all
		Sentences sentences = new Sentences();
		List<String> cut = new ArrayList<>();
		for (int i = 0; i < words.length(); i += 7) {
			cut.addAll(sentences.add(words.substring(i, Math.min(words.length(), i + 7))));
		}

		assertThat(cut).isNotEmpty().allSatisfy((piece) -> {
			assertThat(piece.length()).isBetween(60, Sentences.LONG + 1);
			assertThat(piece).matches("(word )*word");
		});
		assertThat(String.join(" ", cut) + " " + sentences.flush()).isEqualTo(words.strip());
	}

	@Test
	void deliversTheSameSentencesWhateverTheDeltas() {
		String text = "Great, thanks! Let's talk about Node.js, e.g. its event loop. What is 2.5 times 2? Take your time.\nOk.";
		List<String> whole = all(text);
		for (int size = 1; size <= 9; size++) {
			Sentences sentences = new Sentences();
			List<String> pieces = new ArrayList<>();
			for (int i = 0; i < text.length(); i += size) {
				pieces.addAll(sentences.add(text.substring(i, Math.min(text.length(), i + size))));
			}
			String rest = sentences.flush();
			if (!rest.isEmpty()) {
				pieces.add(rest);
			}
			assertThat(pieces).as("deltas of %d", size).isEqualTo(whole);
		}
		assertThat(whole).containsExactly("Great, thanks!", "Let's talk about Node.js, e.g. its event loop.",
				"What is 2.5 times 2?", "Take your time.", "Ok.");
	}

	static List<String> all(String text) {
		Sentences sentences = new Sentences();
		List<String> all = new ArrayList<>(sentences.add(text));
		String rest = sentences.flush();
		if (!rest.isEmpty()) {
			all.add(rest);
		}
		return all;
	}

}
