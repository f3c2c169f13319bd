package com.example.pager;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.kaizen.nexus.channel.CallFailure;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.channel.ChannelContext;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.deploy.Deployment;

/** A channel of one's own: answers a page with one line of text, the workflow's outputs or its failure. */
public final class PagerChannel implements Channel {

    public static final ChannelId ID = ChannelId.of("pager");

    private final Map<String, Deployment> served = new ConcurrentHashMap<>();

    private volatile ChannelContext context;

    @Override
    public ChannelId id() {
        return ID;
    }

    @Override
    public void attach(ChannelContext context) {
        this.context = context;
    }

    @Override
    public String address(Deployment deployment) {
        return "pager://" + deployment.name();
    }

    @Override
    public void expose(Deployment deployment) {
        served.put(deployment.name(), deployment);
    }

    @Override
    public void withdraw(String name) {
        served.remove(name);
    }

    /** Who every page comes from, as scopes, rate limits, sessions and the audit log see it. */
    private static final Caller PAGER = Caller.authenticated("pager-gateway", Set.of("pager"));

    /** Runs a workflow and answers one line: "OK {outputs}" or "ERROR {failure kind}: {message}". */
    public String page(String name, Map<String, Object> inputs, String sessionId) {
        Deployment deployment = served.get(name);
        if (deployment == null) {
            return "ERROR not-found: no workflow named '" + name + "' is on the pager";
        }
        try {
            // The pager gateway verified the sender itself: its calls come in as one known principal.
            return "OK " + context.execute(deployment, inputs, sessionId, PAGER).result().outputs();
        }
        catch (CallFailure failure) { // the pager's column of the failure table: the kind's slug
            return "ERROR " + failure.kind().slug() + ": " + failure.getMessage();
        }
    }
}
