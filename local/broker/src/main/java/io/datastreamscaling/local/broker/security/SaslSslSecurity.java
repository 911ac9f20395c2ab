package io.datastreamscaling.local.broker.security;

import io.datastreamscaling.local.broker.ListenerSecurity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The broker locked down as a production cluster is: clients reach one listener only, SASL/SCRAM-SHA-512
 * over TLS; every request is checked against ACLs by the standard KRaft authorizer, and a principal
 * without a matching ACL is denied ({@code allow.everyone.if.no.acl.found=false}, the default).
 *
 * <p>Listeners:
 * <ul>
 *   <li>{@code CLIENT} (SASL_SSL, SCRAM-SHA-512): clients, and the broker's own inter-broker traffic
 *       as the super user {@code broker}. SCRAM users live in the cluster metadata; they are created
 *       at format time ({@link #scramArguments()}), so they exist before the first client connects.</li>
 *   <li>{@code CONTROLLER} (SASL_PLAINTEXT, PLAIN): broker-to-controller only, never advertised to
 *       clients. SCRAM cannot serve it (the controller must authenticate the broker before the
 *       metadata holding SCRAM credentials is available), so it uses PLAIN with the broker's
 *       password declared in the listener's JAAS. No listener ever yields {@code User:ANONYMOUS}.</li>
 * </ul>
 */
public final class SaslSslSecurity implements ListenerSecurity {
    public static final String CLIENT_LISTENER = "CLIENT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private final TlsMaterial tls;
    private final ScramUser broker;
    private final List<ScramUser> clients;

    /** {@code broker} is the super user the broker itself logs in as; {@code clients} are the SCRAM users to create. */
    public SaslSslSecurity(TlsMaterial tls, ScramUser broker, List<ScramUser> clients) {
        this.tls = tls;
        this.broker = broker;
        this.clients = List.copyOf(clients);
    }

    @Override
    public Map<String, String> brokerProperties(int clientPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", CLIENT_LISTENER + "://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        // Only the client listener is advertised: clients never learn the controller's address.
        p.put("advertised.listeners", CLIENT_LISTENER + "://localhost:" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);

        p.put("listener.name.client.sasl.enabled.mechanisms", ScramUser.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", broker.jaasConfig());
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + broker.name() + "\" password=\"" + broker.password() + "\""
                + " user_" + broker.name() + "=\"" + broker.password() + "\";");

        p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.brokerKeystore().toString());
        p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, TlsMaterial.STORE_TYPE);
        p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, tls.password());
        p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, tls.password());
        // The broker is a TLS client of itself on the inter-broker listener: it must trust the CA too.
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TlsMaterial.STORE_TYPE);
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.password());

        p.put("authorizer.class.name", AUTHORIZER);
        // The broker's own requests (controller registration, inter-broker) bypass the ACLs.
        p.put("super.users", broker.principal());
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    @Override
    public List<String> scramArguments() {
        return Stream.concat(Stream.of(broker), clients.stream()).map(ScramUser::scramArgument).toList();
    }

    @Override
    public Map<String, Object> superUserClientProperties() {
        return Map.<String, Object>copyOf(clientProperties(broker));
    }

    /**
     * The client properties that make a Kafka client log in as {@code user}: exactly what the
     * services receive through their pass-through variables ({@link #passThroughVariables}).
     */
    public Map<String, String> clientProperties(ScramUser user) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name);
        p.put(SaslConfigs.SASL_MECHANISM, ScramUser.MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, user.jaasConfig());
        // The CA certificate as a PEM file (KIP-651): nothing secret in it, so no store password to hand out.
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.caCertificate().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        return p;
    }

    /**
     * The same properties as environment variables for one client of a service, e.g. with prefix
     * {@code KAFKA_PRODUCER_}: {@code KAFKA_PRODUCER_SECURITY_PROTOCOL=SASL_SSL}. A service needs them for
     * every client it runs (its Admin too: the services create their topics with one).
     */
    public Map<String, String> passThroughVariables(String prefix, ScramUser user) {
        Map<String, String> variables = new LinkedHashMap<>();
        clientProperties(user).forEach((name, value) ->
                variables.put(prefix + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return variables;
    }

    public TlsMaterial tls() {
        return tls;
    }

    public ScramUser broker() {
        return broker;
    }
}
