package io.mxnotify.core.crypto.internal;

import java.io.ByteArrayOutputStream;

/**
 * The protobuf-style framing of Olm and Megolm messages: a version byte, then fields as a tag byte
 * ({@code field << 3 | type}) and a varint or a length-prefixed byte string.
 */
final class ProtobufWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtobufWriter(int version) {
        out.write(version);
    }

    ProtobufWriter varintField(int field, long value) {
        out.write(field << 3);
        varint(value);
        return this;
    }

    ProtobufWriter bytesField(int field, byte[] value) {
        out.write(field << 3 | 2);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
