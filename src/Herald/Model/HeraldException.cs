namespace Herald.Model;

/// <summary>
/// A problem with the user's input or setup that deserves a one-line message and a non-zero exit,
/// never a stack trace. <see cref="Input"/> names the file, URL or query at fault.
/// </summary>
public sealed class HeraldException : Exception
{
    public HeraldException(string input, string problem)
        : base($"{input}: {problem}")
    {
        Input = input;
        Problem = problem;
    }

    public HeraldException(string input, string problem, Exception inner)
        : base($"{input}: {problem}", inner)
    {
        Input = input;
        Problem = problem;
    }

    public string Input { get; }
    public string Problem { get; }
}
