package io.ganglion.balancer.runtime;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;
import static io.ganglion.balancer.config.AccessLevel.OPERATOR;
import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.config.AccessLevel;
import java.time.Duration;

/**
 * The CLI's own commands: {@code help}, {@code prompt}, {@code quit}, {@code user},
 * {@code operator}, {@code experimental-mode}, {@code expert-mode}, {@code show cli level},
 * {@code set timeout cli} and {@code show version}, with HAProxy 2.6's answers ({@code cli_kws} in
 * cli.c). Every {@link CommandRegistry} holds them.
 *
 * <p>The level and mode commands are open to every level and check the level themselves, after
 * reading their {@code -}: as in HAProxy, {@code operator -} on a user socket answers
 * {@code Permission denied} without the empty line that would end the answer.
 */
final class CliCommands {
    static final String VERSION = io.ganglion.balancer.Version.VERSION;

    private CliCommands() {
    }

    static CommandTable table() {
        return CommandTable.of("runtime",
                CliCommand.unlisted(USER, CommandHandler.sync(CliCommands::help), "help"),
                CliCommand.unlisted(USER, CommandHandler.sync(CliCommands::prompt), "prompt"),
                CliCommand.unlisted(USER, CommandHandler.sync(CliCommands::quit), "quit"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> lower(r, USER)), "user"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> lower(r, OPERATOR)), "operator"),
                CliCommand.unlisted(USER, CommandHandler.sync(r -> mode(r, SessionMode.EXPERT)), "expert-mode"),
                CliCommand.unlisted(USER, CommandHandler.sync(r -> mode(r, SessionMode.EXPERIMENTAL)), "experimental-mode"),
                CliCommand.haproxy(USER, CommandHandler.sync(CliCommands::showLevel), "show", "cli", "level"),
                CliCommand.haproxy(USER, CommandHandler.sync(CliCommands::setTimeout), "set", "timeout"),
                CliCommand.haproxy(USER, CommandHandler.sync(r -> VERSION + "\n"), "show", "version"));
    }

    private static String help(CommandRequest request) {
        return request.session().commands().help(request.args().subList(1, request.args().size()));
    }

    private static String prompt(CommandRequest request) {
        request.session().togglePrompt();
        return "";
    }

    private static String quit(CommandRequest request) {
        request.session().quit();
        return "";
    }

    /** {@code operator [-]}, {@code user [-]}: HAProxy's {@code cli_parse_set_lvl}. */
    private static String lower(CommandRequest request, AccessLevel level) {
        if (request.arg(1).equals("-")) {
            request.session().omitAnswerEnd();
        }
        requireLevel(request, level);
        request.session().lowerLevel(level);
        return "";
    }

    /**
     * {@code expert-mode|experimental-mode [on|off] [-]}: without an argument it reports the mode;
     * any argument but {@code on} turns it off (HAProxy's {@code cli_parse_expert_experimental_mode}).
     */
    private static String mode(CommandRequest request, SessionMode mode) {
        String setting = request.arg(1);
        if (!setting.isEmpty() && request.arg(2).equals("-")) {
            request.session().omitAnswerEnd();
        }
        requireLevel(request, ADMIN);
        if (setting.isEmpty()) {
            return mode.command() + " is " + (request.session().inMode(mode) ? "ON" : "OFF") + "\n";
        }
        request.session().setMode(mode, setting.equals("on"));
        return "";
    }

    private static void requireLevel(CommandRequest request, AccessLevel required) {
        if (!request.session().level().allows(required)) {
            throw new CommandException(CommandDispatcher.PERMISSION_DENIED);
        }
    }

    private static String showLevel(CommandRequest request) {
        return request.session().level().keyword() + "\n";
    }

    private static String setTimeout(CommandRequest request) {
        if (!request.arg(2).equals("cli")) {
            throw new CommandException("'set timeout' only supports 'cli'.\n");
        }
        if (request.arg(3).isEmpty()) {
            throw new CommandException("Expects an integer value.\n");
        }
        long seconds = HaproxyDuration.parseSeconds(request.arg(3));
        if (seconds < 1) {
            throw new CommandException("Invalid timeout value.\n");
        }
        request.session().setIdleTimeout(Duration.ofSeconds(seconds));
        return "";
    }
}
