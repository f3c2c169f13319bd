/**
 * The deployment registry: which workflow each name serves, on which channels, and the cache that
 * makes redeploys nearly free. {@link dev.kaizen.nexus.deploy.Channel} is the SPI each channel
 * implements.
 */
@NullMarked
package dev.kaizen.nexus.deploy;

import org.jspecify.annotations.NullMarked;
