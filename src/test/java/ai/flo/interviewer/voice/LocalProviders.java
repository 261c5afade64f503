package ai.flo.interviewer.voice;

import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application context of the voice tests that call providers, shared by them: Groq's
 * speech-to-text answered by a local server in OpenAI's transcription wire format (it
 * checks each utterance and answers scripted texts), OpenAI's LLM by a local server
 * streaming chat completions with tool calls. No LiveKit: the tests feed audio and read
 * what would be said.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.speech.transcription.provider=groq",
		"flo.speech.transcription.model=whisper-large-v3", "flo.speech.transcription.max-attempts=1",
		"flo.llm.max-attempts=1", "flo.llm.timeout=10s", "flo.llm.first-token-timeout=5s" })
abstract class LocalProviders {

	static final ScriptedUtteranceServer speech = ScriptedUtteranceServer.startOnFreePort();

	static final ScriptedOpenAiServer llm = ScriptedOpenAiServer.startOnFreePort();

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		registry.add("flo.providers.groq.api-key", () -> "gsk-test");
		registry.add("flo.providers.groq.base-url", speech::baseUrl);
		registry.add("flo.providers.openai.api-key", () -> "sk-test");
		registry.add("flo.providers.openai.base-url", llm::baseUrl);
	}

}
