package dev.clauderesilience.test.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Redis protocol (RESP 2) to set servers up and check on them: a command goes
 * out as an array of bulk strings; a reply comes back as a {@code String} (simple or bulk),
 * {@code Long} (integer), {@code List<Object>} (array) or {@code null} (nil), and an error reply
 * is thrown as an {@link ErrorReply}.
 */
final class RespClient implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private RespClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = new BufferedOutputStream(socket.getOutputStream());
	}

	/**
	 * Connects to a server of {@code 127.0.0.1}.
	 * @param port the port
	 * @param timeout the longest the connection and each reply may take
	 * @return a connected client
	 * @throws UncheckedIOException if the server cannot be reached
	 */
	static RespClient connect(int port, Duration timeout) {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(HOST, port), (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			return new RespClient(socket);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException("Could not connect to Redis at " + HOST + ":" + port, ex);
		}
	}

	/**
	 * Whether a server answers {@code PING} on the port now.
	 * @param port the port
	 * @return whether it answered {@code PONG}
	 */
	static boolean pings(int port) {
		try (RespClient client = connect(port, Duration.ofSeconds(1))) {
			return "PONG".equals(client.command("PING"));
		}
		catch (UncheckedIOException | ErrorReply ex) {
			return false;
		}
	}

	/**
	 * Sends one command and reads its reply.
	 * @param arguments the command and its arguments
	 * @return the reply
	 * @throws ErrorReply if Redis answers an error
	 * @throws UncheckedIOException if the connection fails
	 */
	Object command(String... arguments) {
		return command(List.of(arguments));
	}

	/**
	 * Sends one command and reads its reply.
	 * @param arguments the command and its arguments
	 * @return the reply
	 * @throws ErrorReply if Redis answers an error
	 * @throws UncheckedIOException if the connection fails
	 */
	Object command(List<String> arguments) {
		try {
			writeLine('*', arguments.size());
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				writeLine('$', bytes.length);
				this.out.write(bytes);
				this.out.write('\r');
				this.out.write('\n');
			}
			this.out.flush();
			return read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis at port " + this.socket.getPort() + " did not answer "
					+ arguments.get(0), ex);
		}
	}

	private void writeLine(char type, int length) throws IOException {
		this.out.write((type + Integer.toString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
	}

	private Object read() throws IOException {
		int type = this.in.read();
		if (type == -1) {
			throw new EOFException("Connection closed by Redis");
		}
		String line = readLine();
		return switch (type) {
			case '+' -> line;
			case '-' -> throw new ErrorReply(line);
			case ':' -> Long.parseLong(line);
			case '$' -> readBulk(Integer.parseInt(line));
			case '*' -> readArray(Integer.parseInt(line));
			default -> throw new IOException("Unexpected reply type '" + (char) type + "' followed by " + line);
		};
	}

	private String readBulk(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length || !readLine().isEmpty()) {
			throw new EOFException("Bulk string of " + length + " bytes cut short");
		}
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private List<Object> readArray(int size) throws IOException {
		if (size < 0) {
			return null;
		}
		List<Object> elements = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			// errors inside an array (as in EXEC's) are values, not a failure of the whole reply
			try {
				elements.add(read());
			}
			catch (ErrorReply ex) {
				elements.add(ex);
			}
		}
		return elements;
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = this.in.read();
			if (next == -1) {
				throw new EOFException("Connection closed by Redis in the middle of a reply");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	@Override
	public void close() {
		closeQuietly(this.socket);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing left to do with a socket that does not close
		}
	}

	/**
	 * An error reply of Redis, such as {@code MOVED 3999 127.0.0.1:6381} or
	 * {@code CROSSSLOT Keys in request don't hash to the same slot}.
	 */
	static final class ErrorReply extends RuntimeException {

		ErrorReply(String message) {
			super(message);
		}

		/**
		 * The first word of the error, such as {@code ERR}, {@code MOVED} or {@code CROSSSLOT}.
		 * @return the prefix
		 */
		String prefix() {
			String message = getMessage();
			int space = message.indexOf(' ');
			return (space < 0) ? message : message.substring(0, space);
		}

	}

}
