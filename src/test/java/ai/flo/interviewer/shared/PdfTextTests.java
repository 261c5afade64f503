package ai.flo.interviewer.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading a PDF's text is bounded in work: a small PDF that inflates to gigabytes is
 * refused.
 */
class PdfTextTests {

	@Test
	void theTextOfTheFirstPagesIsRead() throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf("First page", "Second page", "Third page"))) {
			assertThat(PdfText.read(document, 2, Duration.ofSeconds(10))).contains("First page", "Second page")
				.doesNotContain("Third page");
		}
	}

	@Test
	void aPageWhoseDrawingInflatesFarBeyondTextIsRefused() throws IOException {
		// 16 MB of blanks, deflated to some 16 KB: PDFBox would parse all of it (a real
		// bomb inflates a few MB to gigabytes).
		byte[] bomb;
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage();
			document.addPage(page);
			PDStream contents = new PDStream(document, blanks(16L * 1024 * 1024), COSName.FLATE_DECODE);
			page.setContents(contents);
			document.save(out);
			bomb = out.toByteArray();
		}
		assertThat(bomb.length).isLessThan(1024 * 1024);
		try (PDDocument document = Loader.loadPDF(bomb)) {
			assertThatExceptionOfType(PdfText.TooComplex.class)
				.isThrownBy(() -> PdfText.read(document, 20, Duration.ofSeconds(10)))
				.withMessageContaining("page 1 draws more than 8 MB");
		}
	}

	@Test
	void readingStopsAtTheTimeLimit() throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf("One", "Two"))) {
			assertThatExceptionOfType(PdfText.TooComplex.class)
				.isThrownBy(() -> PdfText.read(document, 20, Duration.ofNanos(-1)))
				.withMessageContaining("took longer than");
		}
	}

	private static InputStream blanks(long size) {
		return new InputStream() {

			private long left = size;

			@Override
			public int read() {
				return (this.left-- > 0) ? ' ' : -1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (this.left <= 0) {
					return -1;
				}
				int n = (int) Math.min(len, this.left);
				java.util.Arrays.fill(b, off, off + n, (byte) ' ');
				this.left -= n;
				return n;
			}

		};
	}

	/** One page per text. */
	private static byte[] pdf(String... pages) throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (String text : pages) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 12);
					content.newLineAtOffset(40, 700);
					content.showText(text);
					content.endText();
				}
			}
			document.save(out);
			return out.toByteArray();
		}
	}

}
