package ai.flo.interviewer.shared;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.pdfbox.contentstream.PDContentStream;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of the first pages of a PDF, bounded in work as well as in size: a PDF of a
 * few megabytes can hold content streams that inflate to gigabytes (a "zip bomb" of
 * drawing operators or blanks), which PDFBox would parse for minutes. So before reading a
 * page its drawing (its content streams and the forms it draws) is inflated and counted,
 * and more than {@link #MAX_DRAWING_BYTES} refuses the document; and reading stops with
 * an error past a time limit (checked at every page and every thousand drawing
 * operators).
 */
public final class PdfText {

	/**
	 * The most a page's drawing may inflate to; a page of text is some kilobytes to a few
	 * hundred.
	 */
	public static final long MAX_DRAWING_BYTES = 8L * 1024 * 1024;

	/** Why a PDF was not read to the end. */
	public static final class TooComplex extends IOException {

		TooComplex(String message) {
			super(message);
		}

	}

	private PdfText() {
	}

	/**
	 * The text of the document's first {@code maxPages} pages.
	 * @throws TooComplex when a page draws too much, or reading takes longer than
	 * {@code limit}
	 * @throws IOException when the document cannot be read
	 */
	public static String read(PDDocument document, int maxPages, Duration limit) throws IOException {
		long deadline = System.nanoTime() + limit.toNanos();
		int pages = Math.min(maxPages, document.getNumberOfPages());
		for (int i = 0; i < pages; i++) {
			PDPage page = document.getPage(i);
			long drawing = drawn(page, MAX_DRAWING_BYTES);
			PDResources resources = page.getResources();
			if (resources != null) {
				for (COSName name : resources.getXObjectNames()) {
					if (drawing > MAX_DRAWING_BYTES || resources.isImageXObject(name)) {
						continue;
					}
					if (resources.getXObject(name) instanceof PDFormXObject form) {
						drawing += drawn(form, MAX_DRAWING_BYTES - drawing);
					}
				}
			}
			if (drawing > MAX_DRAWING_BYTES) {
				throw new TooComplex("page " + (i + 1) + " draws more than " + (MAX_DRAWING_BYTES >> 20)
						+ " MB: not a document of text");
			}
			checkTime(deadline, limit);
		}
		Stripper stripper = new Stripper(deadline, limit);
		stripper.setEndPage(maxPages);
		return stripper.getText(document);
	}

	/**
	 * Bytes of drawing operators in {@code content}, up to {@code max} + 1: read as the
	 * text is (inflated while read, never held whole).
	 */
	private static long drawn(PDContentStream content, long max) throws IOException {
		try (RandomAccessRead in = content.getContentsForStreamParsing()) {
			byte[] buffer = new byte[64 * 1024];
			long total = 0;
			int n;
			while (total <= max && (n = in.read(buffer, 0, buffer.length)) > 0) {
				total += n;
			}
			return total;
		}
	}

	private static void checkTime(long deadline, Duration limit) throws TooComplex {
		if (System.nanoTime() > deadline) {
			throw new TooComplex("reading it took longer than " + limit.toSeconds() + " s");
		}
	}

	private static final class Stripper extends PDFTextStripper {

		private final long deadline;

		private final Duration limit;

		private int operators;

		Stripper(long deadline, Duration limit) {
			this.deadline = deadline;
			this.limit = limit;
		}

		@Override
		public void processPage(PDPage page) throws IOException {
			checkTime(this.deadline, this.limit);
			super.processPage(page);
		}

		@Override
		protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
			if (++this.operators % 1024 == 0) {
				checkTime(this.deadline, this.limit);
			}
			super.processOperator(operator, operands);
		}

	}

}
