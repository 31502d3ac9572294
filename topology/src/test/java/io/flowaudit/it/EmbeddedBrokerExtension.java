package io.flowaudit.it;

import io.flowaudit.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real single-node KRaft broker ({@link EmbeddedKafkaBroker}, loopback only) per test class, started before
 * the first test and stopped after the last. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedBrokerExtension KAFKA = new EmbeddedBrokerExtension();
 * }</pre>
 *
 * Tests share the broker, so each test uses its own topics ({@link ItTopics#create}), application id and state
 * directory.
 */
final class EmbeddedBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedBrokerExtension.class);

    private EmbeddedKafkaBroker broker;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) {
        Path logDir = ItDirs.forTest(context.getRequiredTestClass().getSimpleName(), "broker");
        long start = System.nanoTime();
        broker = EmbeddedKafkaBroker.start(logDir, true, Map.of());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        LOGGER.info("{}: broker on {} ready in {} ms", context.getRequiredTestClass().getSimpleName(),
                broker.bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** An admin client of the broker, shared by the class's tests; closed with the broker. */
    Admin admin() {
        broker();
        return admin;
    }

    EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running: register EmbeddedBrokerExtension as a static"
                    + " @RegisterExtension field so it starts before the tests");
        }
        return broker;
    }
}
