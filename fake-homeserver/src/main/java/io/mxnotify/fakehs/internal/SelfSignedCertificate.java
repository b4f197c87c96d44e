package io.mxnotify.fakehs.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed RSA certificate made at start (plain JDK: a small DER writer builds the X.509 v3
 * structure), valid for {@code localhost}, the server name and the loopback and bind addresses, so a
 * client under test can be told to trust exactly this PEM file.
 */
public final class SelfSignedCertificate {
    private static final byte[] SHA256_WITH_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
    private static final char[] KEYSTORE_PASSWORD = "fakehs".toCharArray();

    private final X509Certificate certificate;
    private final KeyStore keyStore;

    private SelfSignedCertificate(X509Certificate certificate, KeyStore keyStore) {
        this.certificate = certificate;
        this.keyStore = keyStore;
    }

    /** Makes a certificate for these DNS names and IP addresses. */
    public static SelfSignedCertificate generate(List<String> dnsNames, List<String> ipAddresses) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            byte[] algorithm = seq(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
            byte[] name = seq(set(seq(oid(COMMON_NAME), tlv(0x0c, "mxnotify fake homeserver".getBytes(StandardCharsets.UTF_8)))));
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] validity = seq(time(now.minusDays(1)), time(now.plusYears(1)));
            ByteArrayOutputStream altNames = new ByteArrayOutputStream();
            for (String dns : dnsNames) {
                altNames.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (String ip : ipAddresses) {
                altNames.writeBytes(tlv(0x87, InetAddress.getByName(ip).getAddress()));
            }
            byte[] extensions = tlv(0xa3, seq(seq(oid(SUBJECT_ALT_NAME), tlv(0x04, tlv(0x30, altNames.toByteArray())))));
            byte[] serial = tlv(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray());
            byte[] tbs = seq(tlv(0xa0, tlv(0x02, new byte[] {2})), serial, algorithm, name, validity, name,
                    keys.getPublic().getEncoded(), extensions);
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] der = seq(tbs, algorithm, tlv(0x03, bitString));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(keys.getPublic());
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("fakehs", keys.getPrivate(), KEYSTORE_PASSWORD, new X509Certificate[] {certificate});
            return new SelfSignedCertificate(certificate, keyStore);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return new String(KEYSTORE_PASSWORD);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM text. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** Writes the PEM to {@code file} (parent directories created). */
    public void writePem(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the certificate to " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] time(ZonedDateTime time) {
        return tlv(0x17, time.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One DER tag-length-value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] lengthBytes = BigInteger.valueOf(length).toByteArray();
            int start = lengthBytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (lengthBytes.length - start));
            out.write(lengthBytes, start, lengthBytes.length - start);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
