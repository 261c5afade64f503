package ai.flo.interviewer.agent.rtc;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C ABI of {@code liblivekit_ffi.so} (LiveKit's Rust SDK behind its Python and Node
 * SDKs): <pre>
 * void     livekit_ffi_initialize(void (*cb)(const uint8_t *data, size_t len), bool capture_logs,
 *                                 const char *sdk, const char *sdk_version);
 * uint64_t livekit_ffi_request(const uint8_t *data, size_t len, const uint8_t **res, size_t *res_len);
 * bool     livekit_ffi_drop_handle(uint64_t handle);
 * void     livekit_ffi_dispose(void);
 * </pre> C {@code bool} is one byte: mapped to {@code byte} (JNA's {@code boolean} is
 * four).
 */
interface LiveKitNative extends Library {

	interface EventCallback extends Callback {

		/** {@code data} is valid only during the call. */
		void invoke(Pointer data, long length);

	}

	void livekit_ffi_initialize(EventCallback callback, byte captureLogs, String sdk, String sdkVersion);

	long livekit_ffi_request(byte[] data, long length, PointerByReference response, LongByReference responseLength);

	byte livekit_ffi_drop_handle(long handle);

	void livekit_ffi_dispose();

}
