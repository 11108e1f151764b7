// The `stopword` package ships no types: the lists this project reads.
declare module 'stopword' {
  export const eng: string[];
  export const swe: string[];
  export const deu: string[];
  export const nld: string[];
  export const fra: string[];
  export const spa: string[];
  export const ita: string[];
  export const pol: string[];
  export const nob: string[];
  export const fin: string[];
  export const dan: string[];
}
