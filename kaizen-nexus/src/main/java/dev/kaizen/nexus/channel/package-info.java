/**
 * The channel SPI: how a new way of reaching workflows plugs into a Nexus. Implement
 * {@link dev.kaizen.nexus.channel.Channel}, give it to the Nexus, run calls through
 * {@link dev.kaizen.nexus.channel.ChannelContext#execute}, and map each
 * {@link dev.kaizen.nexus.channel.FailureKind} to your wire format in one place.
 */
@NullMarked
package dev.kaizen.nexus.channel;

import org.jspecify.annotations.NullMarked;
