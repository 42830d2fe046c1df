package io.vpngw.cli.p2s;

import io.vpngw.operator.pki.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Key types for client certificates. Beyond the operator's own ({@link KeyAlgorithm}), RSA 2048
 * is offered because older clients and smart cards stop there.
 */
enum ClientKeyType {
    ECDSA_P256, RSA_2048, RSA_3072;

    KeyPair generate(SecureRandom random) {
        return switch (this) {
            case ECDSA_P256 -> KeyAlgorithm.EC_P256.generateKeyPair(random);
            case RSA_3072 -> KeyAlgorithm.RSA_3072.generateKeyPair(random);
            case RSA_2048 -> {
                try {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
                    yield generator.generateKeyPair();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("this JDK cannot generate RSA 2048 keys", e);
                }
            }
        };
    }

    /** Accepts {@code ecdsa-p256} (or {@code EC_P256}), {@code rsa-2048}, {@code rsa-3072}, in any case. */
    static final class Converter implements CommandLine.ITypeConverter<ClientKeyType> {
        @Override
        public ClientKeyType convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            return switch (v) {
                case "ECDSA_P256", "EC_P256", "P256", "ECDSA" -> ECDSA_P256;
                case "RSA_2048", "RSA2048" -> RSA_2048;
                case "RSA_3072", "RSA3072" -> RSA_3072;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not one of ecdsa-p256, rsa-2048, rsa-3072");
            };
        }
    }
}
