using System;

namespace AutoDiff
{
    /// <summary>
    /// Says that the method's result carries no derivative, whatever it is given (random numbers,
    /// counters, logging, a lookup that is piecewise constant): differentiated code calls it as
    /// it is and treats what it returns as a constant. It must not write derivatives into memory
    /// it is handed; the weaver does not look inside.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    public sealed class InactiveAttribute : Attribute
    {
    }

    /// <summary>
    /// The assembly-level form of <see cref="InactiveAttribute"/>, for a method the user cannot
    /// annotate: every overload of <paramref name="type"/>.<paramref name="method"/> (or the one whose
    /// parameter types are <see cref="ParameterTypes"/>) is inactive.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class InactiveForAttribute : Attribute
    {
        public InactiveForAttribute(Type type, string method)
        {
            Type = type;
            Method = method;
        }

        /// <summary>The type that declares the method.</summary>
        public Type Type { get; }

        /// <summary>The method's name (a property getter is get_Name).</summary>
        public string Method { get; }

        /// <summary>The parameter types of the overload meant; null for every overload of that name.</summary>
        public Type[]? ParameterTypes { get; set; }
    }
}
