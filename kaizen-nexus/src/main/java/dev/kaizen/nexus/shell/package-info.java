/**
 * The shell channel: {@code nexus run {name} --field value}, {@code nexus list} and
 * {@code nexus describe {name}}, interactive (Spring Shell with JLine), one-shot, or remote
 * against a running Nexus's REST channel.
 */
@NullMarked
package dev.kaizen.nexus.shell;

import org.jspecify.annotations.NullMarked;
