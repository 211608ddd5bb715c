using BenchmarkDotNet.Running;
using Herald.Bench;

// `dotnet run -c Release --project bench/Herald.Bench -- NAME [args]` runs one end-to-end figure script
// (see BenchScripts); anything else goes to BenchmarkDotNet's switcher for the micro-benchmarks.
if (args.Length > 0 && BenchScripts.TryGet(args[0], out var script))
{
    return await script(args[1..]);
}

if (args.Length > 0 && args[0] is "list")
{
    foreach (var name in BenchScripts.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchScripts).Assembly).Run(args);
return 0;
