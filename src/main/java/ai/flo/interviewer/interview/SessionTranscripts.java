package ai.flo.interviewer.interview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.shared.DataFolders;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transcript of a session, written by the server as the interview happens (the
 * worker's interviewer appends each turn), read back in order.
 * <p>
 * A row the database would not take while the interview ran is kept in the session's own
 * folder instead ({@link #spill}, {@link DataFolders#sessionUnwrittenTranscript}), never
 * in the logs: the session's erasure deletes that folder and never touches the logs. The
 * rows kept are merged back ({@link #mergeUnwritten}) at two points, both after the last
 * row a writer gives and before the transcript is used:
 * <ul>
 * <li>when the interviewer's writer closes, just before the agent ends the session: the
 * database has usually come back by then; this puts them in the transcript the API shows,
 * and in practice sessions, which are not analysed;</li>
 * <li>when the session's analysis reads the transcript (its first stage): a job, tried
 * again while the database still fails, and the one point that also finds the rows of an
 * agent that crashed before closing its writer (the reconciler then ends the
 * session).</li>
 * </ul>
 * Not where the session becomes ENDED: that may happen in the API (the candidate left, a
 * webhook) while the agent still writes, and a merge failing inside that transaction
 * would fail the end itself. A practice session whose rows could be merged at neither
 * point keeps them in its folder until it is erased or its retention ends.
 */
@Component
public class SessionTranscripts {

	private static final Logger log = LoggerFactory.getLogger(SessionTranscripts.class);

	public static final int MAX_TEXT = 20_000;

	/**
	 * Held while a file of unwritten rows is written or merged, with a lock on a file
	 * beside it for other processes: a row kept while the file is merged would be deleted
	 * with it. (A lock on a file is held by the process: the threads of this one take
	 * turns here.)
	 */
	private static final ReentrantLock UNWRITTEN = new ReentrantLock();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final DataFolders folders;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	SessionTranscripts(JdbcClient jdbc, Clock clock, DataFolders folders, JsonMapper json,
			PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.folders = folders;
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** Appends one turn; returns its sequence number (1, 2, ...). */
	@Transactional
	public int append(String sessionId, String speaker, String text, long startMs, long endMs) {
		check(speaker, startMs, endMs);
		int seq = this.jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM transcript_entries WHERE session_id = :id")
			.param("id", sessionId)
			.query(Integer.class)
			.single();
		insert(sessionId, seq, speaker, text, startMs, endMs);
		return seq;
	}

	List<Views.TranscriptEntry> read(String sessionId) {
		return this.jdbc.sql(
				"SELECT seq, speaker, text, start_ms, end_ms FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query((rs, row) -> new Views.TranscriptEntry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getLong(5)))
			.list();
	}

	/**
	 * Keeps a row that could not be {@link #append appended} in the session's file of
	 * unwritten rows, on disk before this returns (appended, forced, and the folder
	 * forced when the file is new).
	 * @return the file
	 * @throws IOException when it cannot be written either
	 */
	public Path spill(String sessionId, String speaker, String text, long startMs, long endMs) throws IOException {
		Path file = this.folders.sessionUnwrittenTranscript(sessionId);
		byte[] line = (this.json.writeValueAsString(new Unwritten(speaker, text, startMs, endMs)) + "\n")
			.getBytes(StandardCharsets.UTF_8);
		Files.createDirectories(file.getParent());
		return locked(file, () -> {
			boolean created = Files.notExists(file);
			try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND)) {
				ByteBuffer buffer = ByteBuffer.wrap(line);
				while (buffer.hasRemaining()) {
					out.write(buffer);
				}
				out.force(true);
			}
			if (created) {
				forceFolder(file.getParent());
			}
			return file;
		});
	}

	/**
	 * A new file's entry in its folder reaches the disk too (where a folder can be opened
	 * to be forced, as on Linux; elsewhere the file's own force is all there is).
	 */
	private static void forceFolder(Path folder) {
		try (FileChannel entries = FileChannel.open(folder, StandardOpenOption.READ)) {
			entries.force(true);
		}
		catch (IOException ex) {
			log.debug("The folder {} could not be forced: {}", folder, ex.toString());
		}
	}

	/**
	 * Merges the session's unwritten rows into its transcript, each where its start puts
	 * it among the rows written (before the first that starts later; the rows written
	 * keep their order), in one transaction; then deletes the file. A row already in the
	 * transcript (same speaker, words and offsets: a merge that stopped between its
	 * commit and the deletion) is not added again. Rows that cannot be read or that the
	 * table would refuse stay in the file, which is then kept, and are reported without
	 * their words.
	 * @return how many rows were added (0 when there is no file)
	 * @throws UncheckedIOException when the file cannot be read or deleted
	 */
	public int mergeUnwritten(String sessionId) {
		Path file = this.folders.sessionUnwrittenTranscript(sessionId);
		if (!Files.exists(file)) {
			return 0;
		}
		try {
			return locked(file, () -> merge(sessionId, file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the transcript rows kept in " + file + " could not be merged", ex);
		}
	}

	private int merge(String sessionId, Path file) throws IOException {
		if (!Files.exists(file)) {
			return 0;
		}
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		List<Unwritten> rows = new ArrayList<>();
		int unusable = 0;
		for (String line : lines) {
			if (line.isBlank()) {
				continue;
			}
			Unwritten row = parse(line);
			if (row == null) {
				unusable++;
			}
			else {
				rows.add(row);
			}
		}
		Integer added = this.transaction.execute((status) -> insertInOrder(sessionId, rows));
		if (unusable == 0) {
			Files.delete(file);
		}
		else {
			log.warn("Session {}: {} of the rows kept in {} cannot be merged into the transcript (unreadable, or "
					+ "refused by the table); the file is kept", sessionId, unusable, file);
		}
		if (added != null && added > 0) {
			log.info("Session {}: {} transcript rows kept in {} merged into the transcript", sessionId, added, file);
		}
		return (added != null) ? added : 0;
	}

	/** A line of the file as a row, or null when it is not one the table takes. */
	private Unwritten parse(String line) {
		try {
			Unwritten row = this.json.readValue(line, Unwritten.class);
			if (row.speaker() == null || row.text() == null) {
				return null;
			}
			check(row.speaker(), row.startMs(), row.endMs());
			return row;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	private int insertInOrder(String sessionId, List<Unwritten> unwritten) {
		List<Row> rows = new ArrayList<>(this.jdbc.sql(
				"SELECT id, speaker, text, start_ms, end_ms FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)))
			.list());
		List<Row> written = List.copyOf(rows);
		int added = 0;
		for (Unwritten u : unwritten.stream().sorted(Comparator.comparingLong(Unwritten::startMs)).toList()) {
			Row row = new Row(null, u.speaker(), clip(u.text()), u.startMs(), u.endMs());
			if (written.stream().anyMatch(row::sameAs)) {
				continue;
			}
			int at = 0;
			while (at < rows.size() && rows.get(at).startMs() <= row.startMs()) {
				at++;
			}
			rows.add(at, row);
			added++;
		}
		if (added == 0) {
			return 0;
		}
		// Numbered again from 1: first out of the way of the new numbers (the index on
		// (session_id, seq) is checked row by row).
		this.jdbc.sql("UPDATE transcript_entries SET seq = -seq - 1 WHERE session_id = :id")
			.param("id", sessionId)
			.update();
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			if (row.id() == null) {
				insert(sessionId, i + 1, row.speaker(), row.text(), row.startMs(), row.endMs());
			}
			else {
				this.jdbc.sql("UPDATE transcript_entries SET seq = :seq WHERE id = :id")
					.param("seq", i + 1)
					.param("id", row.id())
					.update();
			}
		}
		return added;
	}

	private void insert(String sessionId, int seq, String speaker, String text, long startMs, long endMs) {
		this.jdbc.sql("""
				INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at)
				VALUES (:id, :session, :seq, :speaker, :text, :start, :end, :now)""")
			.param("id", UUID.randomUUID().toString())
			.param("session", sessionId)
			.param("seq", seq)
			.param("speaker", speaker)
			.param("text", clip(text))
			.param("start", startMs)
			.param("end", endMs)
			.param("now", this.clock.millis())
			.update();
	}

	private static void check(String speaker, long startMs, long endMs) {
		if (!speaker.matches("candidate|interviewer")) {
			throw new IllegalArgumentException("speaker must be candidate or interviewer");
		}
		if (startMs < 0 || endMs < startMs) {
			throw new IllegalArgumentException("offsets must satisfy 0 <= start <= end");
		}
	}

	private static String clip(String text) {
		return (text.length() > MAX_TEXT) ? text.substring(0, MAX_TEXT) : text;
	}

	/**
	 * Runs {@code work} holding this process's turn and the lock on the file beside
	 * {@code file} (which stays: deleting it would let two processes lock different
	 * files).
	 */
	private static <T> T locked(Path file, LockedWork<T> work) throws IOException {
		Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
		UNWRITTEN.lock();
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				FileLock held = channel.lock()) {
			return work.run();
		}
		finally {
			UNWRITTEN.unlock();
		}
	}

	@FunctionalInterface
	private interface LockedWork<T> {

		T run() throws IOException;

	}

	/** A line of the file of unwritten rows. */
	record Unwritten(String speaker, String text, long startMs, long endMs) {
	}

	/** A row of the transcript; {@code id} null for one not written yet. */
	private record Row(String id, String speaker, String text, long startMs, long endMs) {

		boolean sameAs(Row other) {
			return this.speaker.equals(other.speaker) && this.text.equals(other.text) && this.startMs == other.startMs
					&& this.endMs == other.endMs;
		}

	}

}
