package io.datastreamscaling.local.broker.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A private CA, a broker keystore signed by it and a truststore holding only the CA certificate,
 * made with the JDK's {@code keytool} (the same steps as {@code docker/secure/generate-certs.sh}).
 * Clients trust the CA, so they reject any broker that the CA did not sign; the certificate names
 * the broker's host names, so hostname verification (on by default) stays on.
 *
 * <p>PKCS12 stores, one password for all of them (PKCS12 wants the key password equal to the store
 * password anyway).
 */
public record TlsMaterial(Path caCertificate, Path brokerKeystore, Path truststore, String password) {
    public static final String STORE_TYPE = "PKCS12";
    private static final int VALIDITY_DAYS = 30;

    /** Generates the material in {@code dir} for a broker reachable under {@code brokerHostNames}. */
    public static TlsMaterial generate(Path dir, String password, List<String> brokerHostNames) {
        try {
            Files.createDirectories(dir);
            TlsMaterial tls = new TlsMaterial(dir.resolve("ca.pem"), dir.resolve("broker.keystore.p12"),
                    dir.resolve("truststore.p12"), password);
            Path ca = dir.resolve("ca.p12");
            Path csr = dir.resolve("broker.csr");
            Path signed = dir.resolve("broker.pem");
            String san = brokerHostNames.stream().map(h -> (h.matches("[0-9.]+") ? "ip:" : "dns:") + h)
                    .collect(Collectors.joining(","));
            // Each keytool run is a JVM start (seconds on a busy machine): the two key pairs are made in
            // parallel, and what the KeyStore API can do is done in this JVM instead.
            Process caKey = keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=datastreamscaling-ca",
                    "-ext", "bc:c", // allowed to sign other certificates
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(VALIDITY_DAYS),
                    "-keystore", ca.toString(), "-storetype", STORE_TYPE, "-storepass", password);
            Process brokerKey = keytool(dir, "-genkeypair", "-alias", "broker", "-dname", "CN=" + brokerHostNames.get(0),
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(VALIDITY_DAYS),
                    "-keystore", tls.brokerKeystore().toString(), "-storetype", STORE_TYPE, "-storepass", password);
            await(caKey, "-genkeypair ca");
            await(brokerKey, "-genkeypair broker");
            await(keytool(dir, "-certreq", "-alias", "broker", "-keystore", tls.brokerKeystore().toString(),
                    "-storepass", password, "-file", csr.toString()), "-certreq");
            // The subject alternative names are what hostname verification checks, not the CN.
            await(keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                    "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", "SAN=" + san,
                    "-validity", Integer.toString(VALIDITY_DAYS)), "-gencert");

            char[] secret = password.toCharArray();
            Certificate caCertificate = load(ca, secret).getCertificate("ca");
            Files.writeString(tls.caCertificate(), pem(caCertificate), StandardCharsets.US_ASCII);
            KeyStore brokerStore = load(tls.brokerKeystore(), secret);
            Key brokerPrivateKey = brokerStore.getKey("broker", secret);
            Certificate brokerCertificate = readCertificate(signed);
            // The broker presents the whole chain, so a client holding only the CA can verify it.
            brokerStore.setKeyEntry("broker", brokerPrivateKey, secret, new Certificate[] {brokerCertificate, caCertificate});
            store(brokerStore, tls.brokerKeystore(), secret);
            KeyStore truststore = KeyStore.getInstance(STORE_TYPE);
            truststore.load(null, secret);
            truststore.setCertificateEntry("ca", caCertificate);
            store(truststore, tls.truststore(), secret);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS stores in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static void store(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    private static Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String pem(Certificate certificate) throws GeneralSecurityException {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN CERTIFICATE-----\n" + encoder.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static Process keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    private static void await(Process process, String step) throws IOException {
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + step + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + step + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool " + step, e);
        }
    }
}
