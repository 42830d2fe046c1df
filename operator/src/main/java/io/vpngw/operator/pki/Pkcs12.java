package io.vpngw.operator.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/**
 * PKCS#12 ({@code .pfx}, {@code .p12}) files holding a key and its chain, to hand a client
 * certificate to Windows, macOS, iOS, Android or the Azure VPN Client.
 *
 * <p>Both the key and the certificates are encrypted with PBES2: PBKDF2-HMAC-SHA256 and
 * AES-256-CBC, and the file is integrity-protected with HMAC-SHA256, as OpenSSL 3 writes them.
 * The legacy RC2 and 3DES schemes are never used. The algorithms are fixed here rather than taken
 * from the JDK's {@code keystore.pkcs12.*} security properties, which a deployment may change.
 */
public final class Pkcs12 {
    /**
     * PBKDF2 iterations for each derivation. High enough to slow guessing; low enough that the
     * file stays within .NET's loader limits (300,000 per derivation), which reject files above
     * them outright.
     */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private static final int SALT_BYTES = 16;
    private static final int AES_256_KEY_BITS = 256;
    private static final int AES_BLOCK_BYTES = 16;
    private static final AlgorithmIdentifier HMAC_SHA256 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);

    private Pkcs12() {
    }

    public static byte[] export(CertifiedKey key, String friendlyName, char[] password, SecureRandom random) {
        return export(key, friendlyName, password, random, DEFAULT_ITERATIONS);
    }

    /**
     * The key and its whole chain, the leaf and key tied together by a localKeyId and both named
     * {@code friendlyName}, which is what Windows shows in the certificate store.
     */
    public static byte[] export(CertifiedKey key, String friendlyName, char[] password, SecureRandom random, int iterations) {
        Objects.requireNonNull(key, "key");
        DistinguishedNames.requireText(friendlyName, "friendly name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(random, "random");
        if (password.length == 0) {
            // An empty password is handled differently by Windows, OpenSSL and the JDK; refuse it.
            throw new IllegalArgumentException("a PKCS#12 password must not be empty");
        }
        if (iterations < 10_000) {
            throw new IllegalArgumentException("at least 10,000 PBKDF2 iterations are needed, not " + iterations);
        }
        try {
            DEROctetString localKeyId = new DEROctetString(CertificateIssuer.subjectKeyIdentifier(key.publicKey()));
            DERBMPString name = new DERBMPString(friendlyName);

            List<PKCS12SafeBag> certificateBags = new ArrayList<>();
            for (X509Certificate certificate : key.chain()) {
                JcaPKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(certificate);
                if (certificate.equals(key.certificate())) {
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
                    bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
                }
                certificateBags.add(bag.build());
            }
            JcaPKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key.privateKey(), pbes2Encryptor(password, random, iterations));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, name);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(pbes2Encryptor(password, random, iterations), certificateBags.toArray(PKCS12SafeBag[]::new));
            pfx.addData(keyBag.build());
            BcPKCS12MacCalculatorBuilder mac = new BcPKCS12MacCalculatorBuilder(new SHA256Digest(),
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE));
            mac.setIterationCount(iterations);
            return pfx.build(mac, password).getEncoded(ASN1Encoding.DER);
        } catch (IOException | PKCSException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the PKCS#12 file", e);
        }
    }

    /**
     * The single key entry of a PKCS#12 file, with its chain, read with the JDK so that files from
     * anywhere (Windows exports, OpenSSL, older RC2 or 3DES ones) can be used as a CA.
     */
    public static CertifiedKey read(byte[] pkcs12, char[] password) {
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(password, "password");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password);
            List<String> keyAliases = Collections.list(store.aliases()).stream()
                    .filter(alias -> isKeyEntry(store, alias))
                    .toList();
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException("expected one private key in the PKCS#12 file, found " + keyAliases.size());
            }
            String alias = keyAliases.getFirst();
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new IllegalArgumentException("the private key in the PKCS#12 file comes without its certificate");
            }
            List<X509Certificate> certificates = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
            return new CertifiedKey(privateKey, certificates);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 file (wrong password or damaged file): " + e.getMessage(), e);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 entry " + alias, e);
        }
    }

    /**
     * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC on the JDK's own provider. Bouncy Castle's JCE
     * builders would look AES-CBC up by OID, which the JDK maps to a cipher without padding.
     */
    private static OutputEncryptor pbes2Encryptor(char[] password, SecureRandom random, int iterations) throws GeneralSecurityException {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] iv = new byte[AES_BLOCK_BYTES];
        random.nextBytes(iv);
        PBEKeySpec keySpec = new PBEKeySpec(password, salt, iterations, AES_256_KEY_BITS);
        byte[] keyBytes;
        try {
            keyBytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(keySpec).getEncoded();
        } finally {
            keySpec.clearPassword();
        }
        SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        // keyLength is left out of the PBKDF2 parameters, as OpenSSL does: AES-256 implies it.
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, iterations, HMAC_SHA256)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv))));
        return new OutputEncryptor() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream(OutputStream encryptedOut) {
                return new CipherOutputStream(encryptedOut, cipher);
            }

            @Override
            public GenericKey getKey() {
                return new GenericKey(algorithm, keyBytes);
            }
        };
    }
}
