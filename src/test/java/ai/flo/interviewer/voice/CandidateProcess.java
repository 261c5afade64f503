package ai.flo.interviewer.voice;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;

/**
 * A candidate in a process of its own, on our room client: joins with a token, keeps a
 * quiet microphone open and stays until the process is killed. A test kills it (SIGKILL)
 * to drop a candidate's connection the way a crashed browser or a lost network does: no
 * leave is ever sent.
 */
final class CandidateProcess {

	private CandidateProcess() {
	}

	/** Starts one in a new JVM on this JVM's class path. */
	static Process start(String url, String token) throws IOException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		return new ProcessBuilder(
				List.of(java.toString(), "-cp", classPath, CandidateProcess.class.getName(), url, token))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
	}

	public static void main(String[] args) {
		Room room = Room.connect(args[0], args[1], new RoomListener() {
		}, Duration.ofSeconds(20));
		LocalAudio microphone = room.publishAudio("microphone", VoiceCandidate.RATE, 1, 100);
		short[] silence = new short[VoiceCandidate.RATE / 100];
		while (true) {
			microphone.write(silence);
		}
	}

}
