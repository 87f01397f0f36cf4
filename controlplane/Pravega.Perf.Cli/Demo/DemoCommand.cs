using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Pravega.Perf.Cli.Verbs;
using Pravega.Perf.Client;

namespace Pravega.Perf.Cli.Demo;

/// <summary>
/// <c>pravega demo pipeline</c> (the exactly-once pipeline, <see cref="PipelineJob"/>) and <c>pravega demo
/// pipeline-bench</c> (its throughput and latency, <see cref="PipelineBench"/>).
/// </summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var demo = new Command("demo", "Samples built on the client library.");
        demo.Subcommands.Add(BuildPipeline());
        demo.Subcommands.Add(PipelineBench.Build());
        return demo;
    }

    /// <summary>The options both modes share; values are parsed here, so a bad one is exit code 2, not a parser error.</summary>
    internal sealed class CommonOptions
    {
        /// <summary>The root's recursive <c>--controller</c> of every user verb (default: $PRAVEGA_CONTROLLER, else the local standalone).</summary>
        public static Option<string> Controller => Verbs.CommonOptions.Controller;

        public Option<string> Scope { get; } = new("--scope") { Description = "The scope of the streams.", DefaultValueFactory = _ => "demo" };

        public Option<string> Interval { get; } = new("--checkpoint-interval") { Description = "Time between checkpoints, e.g. 2s or 500ms.", DefaultValueFactory = _ => "2s" };

        public void AddTo(Command command)
        {
            command.Options.Add(Scope);
            command.Options.Add(Interval);
            // Unknown options reach the action, which answers them with exit code 2 (the parser's own answer is 1).
            command.TreatUnmatchedTokensAsErrors = false;
        }

        public static ClientConfig Client(ParseResult parse) =>
            Uri.TryCreate(parse.GetValue(Controller), UriKind.Absolute, out var uri) && uri.Scheme is "tcp" or "pravega"
                ? new ClientConfig { ControllerUri = uri }
                : throw new DemoException(ExitCodes.BadArguments, $"--controller '{parse.GetValue(Controller)}' is not a tcp://HOST:PORT address");

        public TimeSpan CheckpointInterval(ParseResult parse) => ParseDuration(parse.GetValue(Interval)!, "--checkpoint-interval");
    }

    private static Command BuildPipeline()
    {
        var common = new CommonOptions();
        var input = new Option<string>("--input") { Description = "The stream read.", DefaultValueFactory = _ => "a" };
        var output = new Option<string>("--output") { Description = "The stream written, in transactions.", DefaultValueFactory = _ => "b" };
        var job = new Option<string>("--job-name") { Description = "Names the job's reader group and state stream; a restart with the same name recovers.", DefaultValueFactory = _ => "pipeline" };
        var command = new Command("pipeline",
            "Read --input with a reader group, upper-case each event and append '|piped' (routing key: the text before the first ':'), " +
            "and write the results to --output exactly once: in a transaction committed when the checkpoint covering its input completes. " +
            "Runs until Ctrl+C; after a crash, a restart resumes from the last completed checkpoint.") { input, output, job };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, async (client, stop) =>
        {
            var settings = new PipelineSettings(client, parse.GetValue(common.Scope)!, parse.GetValue(input)!, parse.GetValue(output)!,
                common.CheckpointInterval(parse), parse.GetValue(job)!);
            await using var pipeline = await PipelineJob.OpenAsync(settings, Console.Out, stop).ConfigureAwait(false);
            await pipeline.RunAsync(stop).ConfigureAwait(false);
        }, common, cancellationToken));
        return command;
    }

    /// <summary>Runs <paramref name="body"/> until it ends or Ctrl+C / SIGTERM, and turns what ended it into an exit code and one line.</summary>
    internal static async Task<int> RunAsync(ParseResult parse, Func<ClientConfig, CancellationToken, Task> body, CommonOptions common, CancellationToken cancellationToken)
    {
        if (parse.UnmatchedTokens.Count > 0)
        {
            await Console.Error.WriteLineAsync($"unknown argument '{parse.UnmatchedTokens[0]}': see --help").ConfigureAwait(false);
            return ExitCodes.BadArguments;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Program.cs leaves signals to the process; a demo stops cleanly on them (a crash is what recovery is for).
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var controller = new Uri(parse.GetValue(CommonOptions.Controller)!, UriKind.RelativeOrAbsolute);
        try
        {
            await body(CommonOptions.Client(parse), stop.Token).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (Exception error)
        {
            var (code, message) = DemoException.Classify(error, controller);
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return code;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>"2s", "500ms", "1.5s" or a plain number of seconds.</summary>
    internal static TimeSpan ParseDuration(string text, string option)
    {
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0) : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale <= 3600
            ? TimeSpan.FromSeconds(value * scale)
            : throw new DemoException(ExitCodes.BadArguments, $"{option} '{text}' is not a duration such as 2s or 500ms (at most 1 h)");
    }
}
