namespace ArcNet.Omniglot;

/// <summary>
/// Ctrl-C during a training run stops it after the step in progress, so that the run validates, keeps its best weights
/// and saves them as if its budget had ended; anywhere else, or pressed a second time, Ctrl-C ends the program at once.
/// </summary>
internal static class Interruption
{
    private static CancellationTokenSource? _training;
    private static bool _pressed;

    /// <summary>Listens for Ctrl-C; call once, before any command runs.</summary>
    internal static void Install() => Console.CancelKeyPress += (_, e) =>
    {
        // A command that trains more than once (demo, study) goes on to its next part: a second Ctrl-C there quits too.
        var run = _training;
        if (run is null || _pressed)
            return;
        _pressed = true;
        e.Cancel = true;
        run.Cancel();
        Console.Error.WriteLine("Stopping after this step to keep and save the best weights; press Ctrl-C again to quit at once.");
    };

    /// <summary>Runs <paramref name="training"/> with a token that Ctrl-C cancels.</summary>
    internal static T During<T>(Func<CancellationToken, T> training)
    {
        using var source = new CancellationTokenSource();
        _training = source;
        try
        {
            return training(source.Token);
        }
        finally
        {
            _training = null;
        }
    }
}
