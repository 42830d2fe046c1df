package io.vpngw.gateway.ppp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Configuration Option (RFC 1661 §6): type, length of the whole option, value. */
public record ConfigOption(int type, byte[] value) {
    public ConfigOption {
        value = value.clone();
        if (value.length > 253) {
            throw new IllegalArgumentException("an option value holds at most 253 bytes");
        }
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value as an unsigned big-endian number (for 2- and 4-byte options). */
    public long number() {
        long n = 0;
        for (byte b : value) {
            n = (n << 8) | (b & 0xFF);
        }
        return n;
    }

    public static ConfigOption ofShort(int type, int v) {
        return new ConfigOption(type, new byte[] {(byte) (v >>> 8), (byte) v});
    }

    public static ConfigOption ofInt(int type, int v) {
        return new ConfigOption(type, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    /** The options in a Configure packet's data, or null when one runs past the end or has a length under 2. */
    public static List<ConfigOption> decodeAll(byte[] data) {
        List<ConfigOption> options = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            if (i + 2 > data.length) {
                return null;
            }
            int length = data[i + 1] & 0xFF;
            if (length < 2 || i + length > data.length) {
                return null;
            }
            options.add(new ConfigOption(data[i] & 0xFF, Arrays.copyOfRange(data, i + 2, i + length)));
            i += length;
        }
        return options;
    }

    public static byte[] encodeAll(List<ConfigOption> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ConfigOption o : options) {
            out.write(o.type);
            out.write(o.value.length + 2);
            out.writeBytes(o.value);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigOption c && c.type == type && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ConfigOption[" + type + "=" + java.util.HexFormat.of().formatHex(value) + "]";
    }
}
