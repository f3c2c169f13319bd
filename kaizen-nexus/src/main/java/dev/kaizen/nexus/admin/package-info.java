/**
 * The admin service: listing and describing workflows, sessions and metrics, shared by REST's
 * admin routes and the shell's commands.
 */
@NullMarked
package dev.kaizen.nexus.admin;

import org.jspecify.annotations.NullMarked;
