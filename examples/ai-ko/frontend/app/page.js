export default function Home() {
  return <main>AI-KO Smart System</main>;
}
