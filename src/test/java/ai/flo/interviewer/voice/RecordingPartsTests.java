package ai.flo.interviewer.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An interview carried on by another agent records in parts on one clock: a part never
 * overwrites another, and at the end they are joined, each at its place.
 */
class RecordingPartsTests {

	@Test
	void aFirstRunRecordsTheRecordingItselfAndLaterRunsRecordParts(@TempDir Path folder) throws IOException {
		Path recording = folder.resolve("recording.wav");
		assertThat(RecordingParts.forRun(recording, 0)).isEqualTo(recording);
		Files.write(recording, wav(1000, (short) 1));
		assertThat(RecordingParts.forRun(recording, 0)).isEqualTo(folder.resolve("recording.part-0.wav"));
		assertThat(RecordingParts.forRun(recording, 61_500)).isEqualTo(folder.resolve("recording.part-61500.wav"));
		Files.write(folder.resolve("recording.part-61500.wav"), wav(10, (short) 2));
		assertThat(RecordingParts.forRun(recording, 61_500)).isEqualTo(folder.resolve("recording.part-61501.wav"));
	}

	@Test
	void partsAreJoinedAtTheirPlacesWithSilenceBetween(@TempDir Path folder) throws IOException {
		Path recording = folder.resolve("recording.wav");
		Files.write(recording, wav(16_000, (short) 100));
		Files.write(folder.resolve("recording.part-3000.wav"), wav(8_000, (short) 200));

		RecordingParts.join(recording);

		short[] left = left(Files.readAllBytes(recording));
		assertThat(left).hasSize(16_000 * 3 + 8_000);
		assertThat(left[0]).isEqualTo((short) 100);
		assertThat(left[15_999]).isEqualTo((short) 100);
		assertThat(left[16_000]).as("no agent recorded from 1 s to 3 s").isZero();
		assertThat(left[47_999]).isZero();
		assertThat(left[48_000]).isEqualTo((short) 200);
		assertThat(Files.list(folder).count()).as("the parts are gone").isOne();
	}

	@Test
	void aPartThatOverlapsStartsWhereTheOneBeforeEnds(@TempDir Path folder) throws IOException {
		Path recording = folder.resolve("recording.wav");
		Files.write(recording, wav(32_000, (short) 1));
		Files.write(folder.resolve("recording.part-1000.wav"), wav(16_000, (short) 2));
		RecordingParts.join(recording);
		short[] left = left(Files.readAllBytes(recording));
		assertThat(left).hasSize(48_000);
		assertThat(left[31_999]).isEqualTo((short) 1);
		assertThat(left[32_000]).isEqualTo((short) 2);
	}

	/**
	 * A 16 kHz stereo WAV of {@code frames} frames, the left channel at {@code value}.
	 */
	private static byte[] wav(int frames, short value) {
		ByteBuffer bytes = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
		bytes.put(StereoRecorder.header(2, frames));
		for (int i = 0; i < frames; i++) {
			bytes.putShort(value).putShort((short) 0);
		}
		return bytes.array();
	}

	private static short[] left(byte[] wav) {
		ByteBuffer bytes = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(bytes.getInt(40)).as("the header's data size").isEqualTo(wav.length - 44);
		short[] left = new short[(wav.length - 44) / 4];
		for (int i = 0; i < left.length; i++) {
			left[i] = bytes.getShort(44 + i * 4);
		}
		return left;
	}

}
