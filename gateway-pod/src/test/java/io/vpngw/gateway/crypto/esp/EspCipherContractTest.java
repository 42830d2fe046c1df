package io.vpngw.gateway.crypto.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.Suites;
import io.vpngw.gateway.crypto.TruncatedHmac;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every suite's ESP cipher must do, checked for all suites the gateway can negotiate. */
class EspCipherContractTest {

    private static final int SPI = 0x1234_5678;
    private static final int OFFSET = 5;
    private final SecureRandom random = new SecureRandom();

    static Stream<ProtectionSuite> suites() {
        return Suites.all().stream();
    }

    static Stream<ProtectionSuite> aeadSuites() {
        return suites().filter(suite -> suite instanceof ProtectionSuite.Aead);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void roundTripsPayloadsOfEveryLength(ProtectionSuite suite) throws Exception {
        EspCipher sender = cipher(suite, false);
        EspCipher receiver = cipher(suite, false);
        OpenedPacket opened = new OpenedPacket();
        int alignment = Math.max(suite.encryption().algorithm().blockSize(), 4);
        long sequence = 1;
        for (int length : lengths()) {
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            byte[] buffer = new byte[OFFSET + sender.sealedLength(length)];
            System.arraycopy(payload, 0, buffer, OFFSET + sender.headerLength(), length);

            int sealed = sender.seal(buffer, OFFSET, length, 41, sequence);

            assertThat(sealed).isEqualTo(sender.sealedLength(length));
            assertThat(sealed - length).isLessThanOrEqualTo(sender.maxOverhead());
            int afterIv = sealed - sender.headerLength() - suite.icvLength();
            assertThat(afterIv % alignment).as("trailer aligned to %d", alignment).isZero();
            assertThat(ByteBuffer.wrap(buffer, OFFSET, 8).getInt()).isEqualTo(SPI);
            assertThat(ByteBuffer.wrap(buffer, OFFSET, 8).getInt(OFFSET + 4)).isEqualTo((int) sequence);

            assertThat(receiver.open(buffer, OFFSET, sealed, 0, opened)).as("%d-byte payload", length).isEqualTo(EspVerdict.OPENED);
            assertThat(Arrays.copyOfRange(buffer, opened.payloadOffset(), opened.payloadOffset() + opened.payloadLength()))
                    .isEqualTo(payload);
            assertThat(opened.nextHeader()).isEqualTo(41);
            assertThat(opened.sequenceNumber()).isEqualTo(sequence);
            sequence++;
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void encryptsUnlessTheSuiteIsNull(ProtectionSuite suite) throws Exception {
        EspCipher cipher = cipher(suite, false);
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 0x77);
        byte[] buffer = new byte[cipher.sealedLength(payload.length)];
        System.arraycopy(payload, 0, buffer, cipher.headerLength(), payload.length);
        cipher.seal(buffer, 0, payload.length, 4, 9);
        byte[] onTheWire = Arrays.copyOfRange(buffer, cipher.headerLength(), cipher.headerLength() + payload.length);
        if (suite.encryption().algorithm() == EncryptionAlgorithm.ENCR_NULL) {
            assertThat(onTheWire).isEqualTo(payload);
        } else {
            assertThat(onTheWire).isNotEqualTo(payload);
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void everyFlippedBitIsRefused(ProtectionSuite suite) throws Exception {
        EspCipher cipher = cipher(suite, false);
        byte[] packet = sealed(cipher, 37, 100);
        for (int position = 0; position < packet.length; position++) {
            byte[] tampered = packet.clone();
            tampered[position] ^= (byte) (1 << (position % 8));
            EspVerdict verdict = cipher(suite, false).open(tampered, 0, tampered.length, 0, new OpenedPacket());
            assertThat(verdict).as("bit flipped at %d", position)
                    .isEqualTo(position < 4 ? EspVerdict.WRONG_SPI : EspVerdict.INTEGRITY_CHECK_FAILED);
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void anotherKeyCannotOpenIt(ProtectionSuite suite) throws Exception {
        byte[] packet = sealed(cipher(suite, false), 20, 1);
        EspCipher other = EspCipher.create(suite, Suites.keys(suite, 99), SPI, false, random);
        assertThat(other.open(packet, 0, packet.length, 0, new OpenedPacket())).isEqualTo(EspVerdict.INTEGRITY_CHECK_FAILED);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void shortOrMisalignedPacketsAreRefusedBeforeAnyCrypto(ProtectionSuite suite) throws Exception {
        EspCipher cipher = cipher(suite, false);
        byte[] packet = sealed(cipher, 40, 1);
        assertThat(cipher.open(packet, 0, 0, 0, new OpenedPacket())).isEqualTo(EspVerdict.TRUNCATED);
        assertThat(cipher.open(packet, 0, cipher.headerLength() + suite.icvLength() + 1, 0, new OpenedPacket()))
                .isEqualTo(EspVerdict.TRUNCATED);
        EspVerdict cutByOne = cipher.open(packet, 0, packet.length - 1, 0, new OpenedPacket());
        assertThat(cutByOne).isIn(suite.encryption().algorithm().blockSize() > 1
                ? EspVerdict.MISALIGNED : EspVerdict.INTEGRITY_CHECK_FAILED);
    }

    /** Authenticated packets whose trailer breaks RFC 4303 §2.4: Pad Length too big, or padding not 1, 2, 3, ... */
    @ParameterizedTest
    @MethodSource("suites")
    void refusesBadPaddingEvenWhenAuthentic(ProtectionSuite suite) throws Exception {
        DirectionalKeys keys = Suites.keys(suite, 1);
        int block = Math.max(suite.encryption().algorithm().blockSize(), 4);
        byte[] tooLong = new byte[2 * block];
        tooLong[tooLong.length - 2] = (byte) (tooLong.length - 1);
        byte[] notMonotonic = new byte[2 * block];
        for (int i = 0; i < block; i++) {
            notMonotonic[block + i] = (byte) (i + 1);
        }
        notMonotonic[block + block - 3] = 0x55;
        notMonotonic[2 * block - 2] = (byte) (block - 2);
        byte[] correct = notMonotonic.clone();
        correct[block + block - 3] = (byte) (block - 2);

        assertThat(openForged(suite, keys, tooLong)).isEqualTo(EspVerdict.INVALID_PADDING);
        assertThat(openForged(suite, keys, notMonotonic)).isEqualTo(EspVerdict.INVALID_PADDING);
        assertThat(openForged(suite, keys, correct)).as("the forging helper itself is sound").isEqualTo(EspVerdict.OPENED);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sequenceNumbersMustBeNonZeroAndFit32BitsWithoutEsn(ProtectionSuite suite) {
        EspCipher cipher = cipher(suite, false);
        byte[] buffer = new byte[cipher.sealedLength(10)];
        for (long sequence : new long[] {0, 0x1_0000_0000L, -1}) {
            assertThatThrownBy(() -> cipher.seal(buffer, 0, 10, 4, sequence))
                    .isInstanceOfSatisfying(EspSealException.class,
                            e -> assertThat(e.reason()).isEqualTo(EspSealException.Reason.SEQUENCE_NUMBER_OUT_OF_RANGE));
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void nextHeaderMustFitItsOctet(ProtectionSuite suite) {
        EspCipher cipher = cipher(suite, false);
        byte[] buffer = new byte[cipher.sealedLength(10)];
        assertThatThrownBy(() -> cipher.seal(buffer, 0, 10, 256, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.seal(buffer, 0, 10, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void esnSendsTheLowHalfAndAuthenticatesTheHighHalf(ProtectionSuite suite) throws Exception {
        long sequence = 0x0000_0003_FFFF_FFFEL;
        EspCipher cipher = cipher(suite, true);
        byte[] packet = sealed(cipher, 50, sequence);
        assertThat(ByteBuffer.wrap(packet).getInt(4)).isEqualTo(0xFFFF_FFFE);

        OpenedPacket opened = new OpenedPacket();
        assertThat(cipher(suite, true).open(packet.clone(), 0, packet.length, 2, opened)).isEqualTo(EspVerdict.INTEGRITY_CHECK_FAILED);
        assertThat(cipher(suite, true).open(packet.clone(), 0, packet.length, 3, opened)).isEqualTo(EspVerdict.OPENED);
        assertThat(opened.sequenceNumber()).isEqualTo(sequence);
        assertThat(cipher(suite, false).open(packet.clone(), 0, packet.length, 3, opened))
                .as("a receiver without ESN authenticates only the low half").isEqualTo(EspVerdict.INTEGRITY_CHECK_FAILED);
    }

    /** The JCE refuses to encrypt twice in a row with one GCM or ChaCha20 nonce; a reused sequence number must surface. */
    @ParameterizedTest
    @MethodSource("aeadSuites")
    void aReusedSequenceNumberIsRefused(ProtectionSuite suite) throws Exception {
        EspCipher cipher = cipher(suite, false);
        sealed(cipher, 10, 77);
        byte[] buffer = new byte[cipher.sealedLength(10)];
        random.nextBytes(buffer);
        byte[] before = buffer.clone();
        assertThatThrownBy(() -> cipher.seal(buffer, 0, 10, 4, 77))
                .isInstanceOfSatisfying(EspSealException.class,
                        e -> assertThat(e.reason()).isEqualTo(EspSealException.Reason.NONCE_REUSE));
        assertThat(buffer).as("a refused packet is left untouched").isEqualTo(before);
        assertThat(sealed(cipher, 10, 78)).as("the cipher stays usable").isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("suites")
    void refusesKeysOfTheWrongLength(ProtectionSuite suite) {
        DirectionalKeys keys = Suites.keys(suite, 1);
        DirectionalKeys longer = new DirectionalKeys(SecretBytes.copyOf(new byte[keys.encryption().length() + 1]), keys.integrity());
        assertThatThrownBy(() -> EspCipher.create(suite, longer, SPI, false, random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBufferWithoutRoomIsTheCallersBug() {
        ProtectionSuite suite = new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128));
        EspCipher cipher = cipher(suite, false);
        byte[] buffer = new byte[cipher.sealedLength(100) - 1];
        assertThatThrownBy(() -> cipher.seal(buffer, 0, 100, 4, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cipher.open(buffer, 10, buffer.length, 0, new OpenedPacket()))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private EspCipher cipher(ProtectionSuite suite, boolean esn) {
        return EspCipher.create(suite, Suites.keys(suite, 1), SPI, esn, random);
    }

    private static int[] lengths() {
        int[] lengths = new int[70 + 3];
        for (int i = 0; i < 70; i++) {
            lengths[i] = i;
        }
        lengths[70] = 1280;
        lengths[71] = 1400;
        lengths[72] = 9000;
        return lengths;
    }

    private byte[] sealed(EspCipher cipher, int payloadLength, long sequence) throws EspSealException {
        byte[] buffer = new byte[cipher.sealedLength(payloadLength)];
        random.nextBytes(buffer);
        cipher.seal(buffer, 0, payloadLength, 4, sequence);
        return buffer;
    }

    /**
     * Opens a packet built here straight from the JCE around an arbitrary plaintext, trailer
     * included, so the trailer can break the rules while the packet stays authentic.
     */
    private EspVerdict openForged(ProtectionSuite suite, DirectionalKeys keys, byte[] plaintextWithTrailer) throws Exception {
        EncryptionTransform transform = suite.encryption();
        EncryptionAlgorithm algorithm = transform.algorithm();
        int header = 8 + algorithm.ivLength();
        byte[] packet = new byte[header + plaintextWithTrailer.length + suite.icvLength()];
        ByteBuffer.wrap(packet).putInt(SPI).putInt(1);
        Arrays.fill(packet, 8, header, (byte) 0x11);
        switch (suite) {
            case ProtectionSuite.Aead aead -> {
                byte[] nonce = new byte[12];
                System.arraycopy(keys.encryption().toByteArray(), transform.keyLength(), nonce, 0, 4);
                System.arraycopy(packet, 8, nonce, 4, 8);
                Cipher cipher = JceEngines.cipher(algorithm);
                cipher.init(Cipher.ENCRYPT_MODE, JceEngines.cipherKey(transform, keys.encryption()),
                        JceEngines.aeadParameters(algorithm, nonce));
                cipher.updateAAD(packet, 0, 8);
                cipher.doFinal(plaintextWithTrailer, 0, plaintextWithTrailer.length, packet, header);
            }
            case ProtectionSuite.EncryptThenMac etm -> {
                if (algorithm == EncryptionAlgorithm.ENCR_NULL) {
                    System.arraycopy(plaintextWithTrailer, 0, packet, header, plaintextWithTrailer.length);
                } else {
                    Cipher cipher = JceEngines.cipher(algorithm);
                    cipher.init(Cipher.ENCRYPT_MODE, JceEngines.cipherKey(transform, keys.encryption()),
                            new IvParameterSpec(packet, 8, algorithm.ivLength()));
                    cipher.doFinal(plaintextWithTrailer, 0, plaintextWithTrailer.length, packet, header);
                }
                TruncatedHmac hmac = new TruncatedHmac(etm.integrity(), keys.integrity());
                int icvOffset = header + plaintextWithTrailer.length;
                hmac.update(packet, 0, icvOffset);
                hmac.finishInto(packet, icvOffset);
            }
        }
        return EspCipher.create(suite, keys, SPI, false, random).open(packet, 0, packet.length, 0, new OpenedPacket());
    }
}
