using System.CommandLine;
using Pravega.Perf.Client;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// The options every user verb has: <c>--controller</c> (the local standalone by default) and <c>--json</c>. The
/// client retries briefly here: a person at a prompt wants "unreachable" in seconds, not after Pravega's two minutes.
/// </summary>
internal static class CommonOptions
{
    public const string DefaultController = "tcp://127.0.0.1:9090";

    public static readonly Option<string> Controller = new("--controller")
    {
        Description = $"Controller URI (default: $PRAVEGA_CONTROLLER, else {DefaultController}, the local 'pravega standalone').",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PRAVEGA_CONTROLLER") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultController,
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON (one document, or one object per line for events) instead of tables.",
        Recursive = true,
    };

    /// <summary>The client settings for the controller the user named.</summary>
    public static ClientConfig Config(ParseResult parse)
    {
        var text = parse.GetValue(Controller) ?? DefaultController;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("tcp" or "pravega" or "http" or "https") || uri.Port <= 0)
        {
            throw VerbFailure.BadArguments($"--controller '{text}' is not a controller URI such as {DefaultController}");
        }
        return new ClientConfig
        {
            ControllerUri = uri,
            ControllerCallTimeout = TimeSpan.FromSeconds(10),
            ControllerRetryAttempts = 4,
            ControllerInitialBackoff = TimeSpan.FromMilliseconds(100),
            ControllerBackoffMultiplier = 3,
            ControllerMaxBackoff = TimeSpan.FromSeconds(2),
            SegmentStore = new() { ConnectTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 6, MaxBackoff = TimeSpan.FromSeconds(1) },
        };
    }

    /// <summary>A verb command whose action runs under <see cref="ErrorMapping"/>.</summary>
    public static Command Verb(string name, string description, Func<ParseResult, CancellationToken, Task<int>> action, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        command.SetAction((parse, cancellationToken) => ErrorMapping.RunAsync(() => action(parse, cancellationToken), cancellationToken));
        return command;
    }
}
