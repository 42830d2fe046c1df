package io.vpngw.gateway.crypto.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.JceEngines;
import io.vpngw.gateway.crypto.KnownAnswerFile;
import io.vpngw.gateway.crypto.KnownAnswerFile.Case;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.Suites;
import io.vpngw.gateway.crypto.TruncatedHmac;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SkPayloadCipherTest {

    private static final int BODY_OFFSET = 32;
    private final SecureRandom random = new SecureRandom();

    static Stream<Case> capturedMessages() {
        return KnownAnswerFile.load("/crypto/ikev2-encrypted-payloads.txt").stream();
    }

    static Stream<Case> messagesWithKnownIvAndPadding() {
        return capturedMessages().filter(c -> c.has("iv"));
    }

    static Stream<ProtectionSuite> ikeSuites() {
        return Suites.all().stream().filter(s -> s.encryption().algorithm() != EncryptionAlgorithm.ENCR_NULL);
    }

    @ParameterizedTest
    @MethodSource("capturedMessages")
    void decryptsTheCapturedMessage(Case vector) {
        byte[] message = vector.bytes("message");
        int bodyOffset = vector.integer("body_offset");
        assertDecryptsTo(cipherFor(vector).decrypt(message, bodyOffset, message.length - bodyOffset), vector.bytes("plaintext"));
    }

    /** With the sender's IV, encryption reproduces the captured message byte for byte. */
    @ParameterizedTest
    @MethodSource("messagesWithKnownIvAndPadding")
    void encryptsToTheCapturedMessage(Case vector) {
        byte[] expected = vector.bytes("message");
        int bodyOffset = vector.integer("body_offset");
        byte[] padding = vector.bytes("padding");
        assertThat(padding).as("these senders padded with zeros, as we do").isEqualTo(new byte[padding.length]);
        SkPayloadCipher cipher = cipherFor(vector);
        byte[] plaintext = vector.bytes("plaintext");
        assertThat(bodyOffset + cipher.encryptedBodyLength(plaintext.length)).isEqualTo(expected.length);

        byte[] message = Arrays.copyOf(Arrays.copyOf(expected, bodyOffset), expected.length);
        byte[] iv = vector.bytes("iv");
        switch (cipher) {
            case AeadSkPayloadCipher aead -> aead.encrypt(message, bodyOffset, plaintext, iv);
            case CbcHmacSkPayloadCipher cbc -> cbc.encrypt(message, bodyOffset, plaintext, iv);
        }
        assertThat(message).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("capturedMessages")
    void anyFlippedBitFailsTheIntegrityCheck(Case vector) {
        byte[] original = vector.bytes("message");
        int bodyOffset = vector.integer("body_offset");
        SkPayloadCipher cipher = cipherFor(vector);
        int icvStart = original.length - cipher.suite().icvLength();
        int[] positions = {0, 17, bodyOffset - 1, bodyOffset, bodyOffset + 9, icvStart - 1, icvStart, original.length - 1};
        for (int position : positions) {
            byte[] message = original.clone();
            message[position] ^= 0x08;
            assertThat(cipher.decrypt(message, bodyOffset, message.length - bodyOffset))
                    .as("bit flipped at %d", position)
                    .isEqualTo(new SkDecryption.Rejected(SkRejection.INTEGRITY_CHECK_FAILED));
        }
    }

    @ParameterizedTest
    @MethodSource("capturedMessages")
    void decryptionLeavesTheMessageUntouched(Case vector) {
        byte[] message = vector.bytes("message");
        cipherFor(vector).decrypt(message, vector.integer("body_offset"), message.length - vector.integer("body_offset"));
        assertThat(message).isEqualTo(vector.bytes("message"));
    }

    @ParameterizedTest
    @MethodSource("ikeSuites")
    void roundTripsEveryLength(ProtectionSuite suite) {
        SkPayloadCipher sender = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        SkPayloadCipher receiver = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        for (int length = 0; length <= 40; length++) {
            byte[] payloads = new byte[length];
            random.nextBytes(payloads);
            byte[] message = message(sender, payloads);
            assertThat(message.length - BODY_OFFSET).isEqualTo(sender.encryptedBodyLength(length));
            int ciphertext = message.length - BODY_OFFSET - suite.encryption().algorithm().ivLength() - suite.icvLength();
            assertThat(ciphertext % suite.encryption().algorithm().blockSize()).isZero();
            assertDecryptsTo(receiver.decrypt(message, BODY_OFFSET, message.length - BODY_OFFSET), payloads);
        }
    }

    @ParameterizedTest
    @MethodSource("ikeSuites")
    void theOtherDirectionsKeysCannotOpenIt(ProtectionSuite suite) {
        SkPayloadCipher initiator = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        SkPayloadCipher responder = SkPayloadCipher.create(suite, Suites.keys(suite, 2), random);
        byte[] message = message(initiator, new byte[] {1, 2, 3});
        assertThat(responder.decrypt(message, BODY_OFFSET, message.length - BODY_OFFSET))
                .isEqualTo(new SkDecryption.Rejected(SkRejection.INTEGRITY_CHECK_FAILED));
    }

    @ParameterizedTest
    @MethodSource("ikeSuites")
    void neverRepeatsAnIv(ProtectionSuite suite) {
        SkPayloadCipher cipher = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        int ivLength = suite.encryption().algorithm().ivLength();
        byte[] first = message(cipher, new byte[8]);
        byte[] second = message(cipher, new byte[8]);
        assertThat(Arrays.copyOfRange(first, BODY_OFFSET, BODY_OFFSET + ivLength))
                .isNotEqualTo(Arrays.copyOfRange(second, BODY_OFFSET, BODY_OFFSET + ivLength));
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest
    @MethodSource("ikeSuites")
    void refusesBodiesTooShortToHoldAnything(ProtectionSuite suite) {
        SkPayloadCipher cipher = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        EncryptionAlgorithm algorithm = suite.encryption().algorithm();
        int shortest = algorithm.ivLength() + Math.max(algorithm.blockSize(), 1) + suite.icvLength();
        byte[] message = new byte[BODY_OFFSET + shortest - 1];
        assertThat(cipher.decrypt(message, BODY_OFFSET, shortest - 1))
                .isEqualTo(new SkDecryption.Rejected(SkRejection.TRUNCATED));
    }

    @Test
    void refusesCbcCiphertextThatIsNotWholeBlocks() {
        ProtectionSuite suite = new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(128),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128);
        SkPayloadCipher cipher = SkPayloadCipher.create(suite, Suites.keys(suite, 1), random);
        byte[] message = message(cipher, new byte[20]);
        byte[] shortened = Arrays.copyOf(message, message.length - 1);
        assertThat(cipher.decrypt(shortened, BODY_OFFSET, shortened.length - BODY_OFFSET))
                .isEqualTo(new SkDecryption.Rejected(SkRejection.MISALIGNED));
    }

    /** An authenticated message whose Pad Length claims more bytes than were encrypted. */
    @ParameterizedTest
    @MethodSource("ikeSuites")
    void refusesAPadLengthBeyondThePlaintext(ProtectionSuite suite) throws Exception {
        DirectionalKeys keys = Suites.keys(suite, 3);
        EncryptionAlgorithm algorithm = suite.encryption().algorithm();
        int blockSize = algorithm.blockSize();
        byte[] plaintext = new byte[blockSize == 1 ? 5 : 2 * blockSize];
        plaintext[plaintext.length - 1] = (byte) plaintext.length;
        byte[] message = sealWithoutTheCipherUnderTest(suite, keys, plaintext);
        SkPayloadCipher cipher = SkPayloadCipher.create(suite, keys, random);
        assertThat(cipher.decrypt(message, BODY_OFFSET, message.length - BODY_OFFSET))
                .isEqualTo(new SkDecryption.Rejected(SkRejection.INVALID_PADDING));

        plaintext[plaintext.length - 1] = (byte) (plaintext.length - 1);
        byte[] allPadding = sealWithoutTheCipherUnderTest(suite, keys, plaintext);
        // Padding may fill everything but the Pad Length byte.
        assertDecryptsTo(cipher.decrypt(allPadding, BODY_OFFSET, allPadding.length - BODY_OFFSET), new byte[0]);
    }

    @Test
    void ikeRefusesNullEncryptionAndKeysOfTheWrongLength() {
        ProtectionSuite nullSuite = new ProtectionSuite.EncryptThenMac(EncryptionTransform.nullEncryption(),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128);
        assertThatThrownBy(() -> SkPayloadCipher.create(nullSuite, Suites.keys(nullSuite, 1), random))
                .isInstanceOf(IllegalArgumentException.class);
        ProtectionSuite gcm = new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128));
        DirectionalKeys withoutSalt = new DirectionalKeys(SecretBytes.copyOf(new byte[16]), SecretBytes.empty());
        assertThatThrownBy(() -> SkPayloadCipher.create(gcm, withoutSalt, random)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SkPayloadCipher cipherFor(Case vector) {
        ProtectionSuite suite = Suites.parse(vector.text("suite"));
        SecretBytes integrity = vector.has("integrity_key") ? SecretBytes.copyOf(vector.bytes("integrity_key")) : SecretBytes.empty();
        return SkPayloadCipher.create(suite, new DirectionalKeys(SecretBytes.copyOf(vector.bytes("encryption_key")), integrity),
                new SecureRandom());
    }

    /** A message with a fake 32-byte IKE header and SK payload header, protected by {@code cipher}. */
    private static byte[] message(SkPayloadCipher cipher, byte[] payloads) {
        byte[] message = new byte[BODY_OFFSET + cipher.encryptedBodyLength(payloads.length)];
        for (int i = 0; i < BODY_OFFSET; i++) {
            message[i] = (byte) (0xc0 + i);
        }
        cipher.encrypt(message, BODY_OFFSET, payloads);
        return message;
    }

    /** Builds a protected message straight from the JCE, so the padding can be anything at all. */
    private static byte[] sealWithoutTheCipherUnderTest(ProtectionSuite suite, DirectionalKeys keys, byte[] plaintext)
            throws Exception {
        EncryptionTransform transform = suite.encryption();
        EncryptionAlgorithm algorithm = transform.algorithm();
        int ivLength = algorithm.ivLength();
        byte[] message = new byte[BODY_OFFSET + ivLength + plaintext.length + suite.icvLength()];
        byte[] iv = new byte[ivLength];
        Arrays.fill(iv, (byte) 0x42);
        System.arraycopy(iv, 0, message, BODY_OFFSET, ivLength);
        Cipher cipher = JceEngines.cipher(algorithm);
        if (algorithm.isAead()) {
            byte[] material = keys.encryption().toByteArray();
            byte[] nonce = new byte[12];
            System.arraycopy(material, transform.keyLength(), nonce, 0, 4);
            System.arraycopy(iv, 0, nonce, 4, 8);
            cipher.init(Cipher.ENCRYPT_MODE, JceEngines.cipherKey(transform, keys.encryption()), JceEngines.aeadParameters(algorithm, nonce));
            cipher.updateAAD(message, 0, BODY_OFFSET);
            cipher.doFinal(plaintext, 0, plaintext.length, message, BODY_OFFSET + ivLength);
        } else {
            cipher.init(Cipher.ENCRYPT_MODE, JceEngines.cipherKey(transform, keys.encryption()), new IvParameterSpec(iv));
            cipher.doFinal(plaintext, 0, plaintext.length, message, BODY_OFFSET + ivLength);
            TruncatedHmac hmac = new TruncatedHmac(((ProtectionSuite.EncryptThenMac) suite).integrity(), keys.integrity());
            int icvOffset = BODY_OFFSET + ivLength + plaintext.length;
            hmac.update(message, 0, icvOffset);
            hmac.finishInto(message, icvOffset);
        }
        return message;
    }

    private static void assertDecryptsTo(SkDecryption result, byte[] payloads) {
        assertThat(result).isInstanceOfSatisfying(SkDecryption.Decrypted.class,
                decrypted -> assertThat(decrypted.innerPayloads()).isEqualTo(payloads));
    }
}
