using System;

namespace AutoDiff.Weaver.Engine
{
    /// <summary>
    /// One step of the <see cref="Pipeline"/>: it reads what earlier passes left in the
    /// <see cref="PassContext"/> and transforms it or adds what it found. The name is stable: it
    /// is what <c>autodiff passes</c> prints and what a verifier failure names.
    /// </summary>
    public interface IPass
    {
        string Name { get; }

        void Run(PassContext context);
    }

    /// <summary>
    /// A pass made of its name and the call that runs it: the engine's passes are static
    /// methods (<c>RemoveTrivialPhis.Run(function)</c>), so the pipeline lists them as
    /// <c>new Pass(nameof(RemoveTrivialPhis), c => RemoveTrivialPhis.Run(c.Primal))</c>.
    /// </summary>
    public sealed class Pass : IPass
    {
        private readonly Action<PassContext> _run;

        public Pass(string name, Action<PassContext> run)
        {
            Name = name;
            _run = run;
        }

        public string Name { get; }

        public void Run(PassContext context) => _run(context);
    }
}
