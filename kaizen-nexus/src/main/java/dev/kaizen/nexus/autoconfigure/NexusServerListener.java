package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import dev.kaizen.nexus.Nexus;

/**
 * Tells the Nexus where the application's main web server listens, and when it stops; the
 * management server (Actuator on its own port) is ignored.
 */
final class NexusServerListener implements GenericApplicationListener {

    private final Nexus nexus;

    private final Environment environment;

    NexusServerListener(Nexus nexus, Environment environment) {
        this.nexus = nexus;
        this.environment = environment;
    }

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.toClass();
        return WebServerInitializedEvent.class.isAssignableFrom(type) || ContextClosedEvent.class.isAssignableFrom(type);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof WebServerInitializedEvent started) {
            if (started.getApplicationContext().getServerNamespace() == null) {
                nexus.serverStarted(boundHost(), started.getWebServer().getPort());
            }
        }
        else if (event instanceof ContextClosedEvent) {
            nexus.serverStopped();
        }
    }

    private String boundHost() {
        String address = environment.getProperty("server.address");
        // Bound to every interface: loopback is the address that surely reaches it from here.
        return address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? "localhost" : address;
    }
}
