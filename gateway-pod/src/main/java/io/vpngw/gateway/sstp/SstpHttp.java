package io.vpngw.gateway.sstp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The HTTPS exchange that opens an SSTP tunnel ([MS-SSTP] 3.2.4.1, 4.1): the client sends
 * {@code SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1} with
 * {@code Content-Length: 18446744073709551615} (ULONGLONG_MAX) and an {@code SSTPCORRELATIONID};
 * the server answers {@code 200} with the same content length, and both sides switch to SSTP
 * packets on the same stream.
 */
public final class SstpHttp {
    public static final String METHOD = "SSTP_DUPLEX_POST";
    public static final String PATH = "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/";
    public static final String CONTENT_LENGTH = "18446744073709551615";
    /** A head larger than this is not an SSTP client's. */
    public static final int MAX_HEAD = 8192;

    private SstpHttp() {}

    /** A request or response head: the start line and the headers, names in lower case. */
    public record Head(String startLine, Map<String, String> headers) {
        public Head {
            headers = Map.copyOf(headers);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Whether this is the SSTP request (method and path; the path's case is not significant). */
        public boolean isSstpRequest() {
            String[] parts = startLine.split(" ");
            return parts.length == 3 && parts[0].equals(METHOD) && parts[1].equalsIgnoreCase(PATH)
                    && parts[2].startsWith("HTTP/1.");
        }

        /** The status code of a response head, or -1. */
        public int status() {
            String[] parts = startLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                return -1;
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The client's request. */
    public static void writeRequest(OutputStream out, String host, UUID correlationId) throws IOException {
        String head = METHOD + " " + PATH + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "SSTPCORRELATIONID: {" + correlationId.toString().toUpperCase(Locale.ROOT) + "}\r\n"
                + "Content-Length: " + CONTENT_LENGTH + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The server's acceptance; SSTP packets follow. */
    public static void writeAccepted(OutputStream out) throws IOException {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Length: " + CONTENT_LENGTH + "\r\n"
                + "Server: vpngw\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A refusal of something that is not an SSTP request; the connection closes after it. */
    public static void writeRefused(OutputStream out, int status, String reason) throws IOException {
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads a head up to and including its empty line, byte by byte so that nothing after it is
     * consumed. A head over {@link #MAX_HEAD} bytes, without CRLF line ends, or cut short fails.
     */
    public static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String startLine = null;
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the HTTP head ended after " + total + " bytes");
            }
            if (++total > MAX_HEAD) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            line.reset();
            if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                throw new IOException("HTTP line without CRLF");
            }
            String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            if (startLine == null) {
                startLine = text;
            } else if (text.isEmpty()) {
                return new Head(startLine, headers);
            } else {
                int colon = text.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("HTTP header without a name");
                }
                headers.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
            }
        }
    }
}
