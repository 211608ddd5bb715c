using SharpFuzz;

namespace Herald.Fuzz;

/// <summary>
/// The fuzzing host (`tools/fuzz` drives it; docs/FUZZING.md says how):
/// <c>Herald.Fuzz TARGET</c> runs one target under afl-fuzz through SharpFuzz;
/// <c>Herald.Fuzz corpus TARGET DATA SEED_DIR OUT</c> writes the target's seed corpus from the shared datasets;
/// <c>Herald.Fuzz replay TARGET FILE...</c> runs inputs once without AFL and prints what escaped, for triage.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is [var name] && Targets.All.TryGetValue(name, out var target))
        {
            // Out of process: a stack overflow or an out-of-memory kills a child that SharpFuzz restarts, and AFL
            // still records the input as a crash instead of losing the fork server.
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target(buffer.ToArray());
            });
            return 0;
        }

        if (args is ["corpus", var corpusTarget, var data, var seedDir, var output] && Targets.All.ContainsKey(corpusTarget))
        {
            var n = new Corpus(data, seedDir, output).Build(corpusTarget);
            Console.WriteLine($"{corpusTarget}: {n} seeds in {output}");
            return n > 0 ? 0 : 1;
        }

        if (args is ["replay", var replayTarget, .. var files] && files.Length > 0 && Targets.All.TryGetValue(replayTarget, out var replay))
        {
            var crashed = 0;
            foreach (var file in files)
            {
                try
                {
                    replay(File.ReadAllBytes(file));
                    Console.WriteLine($"{file}: ok");
                }
                catch (Exception e)
                {
                    crashed++;
                    Console.WriteLine($"{file}: {e}");
                }
            }

            return crashed == 0 ? 0 : 1;
        }

        Console.Error.WriteLine($"usage: Herald.Fuzz TARGET | corpus TARGET DATA SEED_DIR OUT | replay TARGET FILE...  (targets: {string.Join(", ", Targets.All.Keys)})");
        return 2;
    }
}
