/**
 * The shell channel: {@code nexus run {name} --field value}, {@code nexus list} and
 * {@code nexus describe {name}}, interactive (Spring Shell with JLine), one-shot, or remote
 * against a running Nexus's REST channel. Present when Spring Shell is on the class path (the
 * remote one-shot needs only the JDK).
 *
 * <p>Public API: {@link dev.kaizen.nexus.shell.ShellChannel}, {@link dev.kaizen.nexus.shell.ShellOperations},
 * {@link dev.kaizen.nexus.shell.OneShotCommand}, {@link dev.kaizen.nexus.shell.InteractiveShell},
 * {@link dev.kaizen.nexus.shell.ShellBackend} and {@link dev.kaizen.nexus.shell.ShellFailure}.
 * Internal wiring: {@link dev.kaizen.nexus.shell.RemoteShellBackend} and the package-private classes.
 */
@NullMarked
package dev.kaizen.nexus.shell;

import org.jspecify.annotations.NullMarked;
